import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";

const base =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap shadow-sm transition disabled:cursor-not-allowed disabled:opacity-70 aria-disabled:cursor-not-allowed aria-disabled:opacity-70";
const tones = {
  primary: "bg-sky-700 text-white hover:bg-sky-800",
  quiet: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100",
  busy: "bg-slate-200 text-slate-600",
};

/**
 * A desk button. `unavailable` disables it without taking it out of the tab order (aria-disabled),
 * so a button that is focused when it becomes unavailable keeps the focus. `target` names what
 * it acts on for assistive technology ("Retry" is read "Retry for Cordless Drill 18V").
 */
export function Button({
  tone = "primary",
  className = "",
  unavailable = false,
  target,
  onClick,
  children,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  tone?: keyof typeof tones;
  unavailable?: boolean;
  target?: string;
}) {
  return (
    <button
      type="button"
      className={`${base} ${tones[tone]} ${className}`}
      aria-disabled={unavailable || undefined}
      onClick={unavailable ? undefined : onClick}
      {...props}
    >
      {children}
      {target && <span className="sr-only"> for {target}</span>}
    </button>
  );
}

/** A titled card; its heading names the region for assistive technology (and tests). */
export function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id={`${id}-heading`} className="mb-4 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The unavailable "Submitted…" button of a pending request (it keeps the focus of the button it replaced). */
export function SubmittedButton({ target }: { target?: string }) {
  return (
    <Button tone="busy" unavailable target={target} data-focus-target>
      <span className="mr-2 inline-block size-3 animate-spin rounded-full border-2 border-slate-400 border-t-transparent" />
      Submitted…
    </Button>
  );
}

export function LinkButton({
  href,
  onClick,
  target,
  children,
}: {
  href?: string;
  onClick?: () => void;
  /** What it acts on, for assistive technology (see `Button`). */
  target?: string;
  children: string;
}) {
  const style = "text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline";
  const named = target && <span className="sr-only"> for {target}</span>;
  return href ? (
    <Link href={href} className={style}>
      {children}
      {named}
    </Link>
  ) : (
    <button type="button" onClick={onClick} className={style}>
      {children}
      {named}
    </button>
  );
}

/** The message of a session that ended, with the way back in. */
export function SessionEnded({ message }: { message: string }) {
  return (
    <p role="alert" className="text-sm text-red-700">
      {message}{" "}
      <Link href="/sign-in" className="font-medium underline">
        Sign in again
      </Link>
    </p>
  );
}

export function formatMoney({ amount, currency }: { amount: number; currency: string }): string {
  return `${currency === "EUR" ? "€" : `${currency} `}${amount.toFixed(2)}`;
}

export function formatSeconds(ms: number | null): string {
  return ms === null ? "–" : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A table's header row: one column header per name. Tables here carry explicit roles because
 * `.card-table` (globals.css) turns them into cards under 40rem, which drops the implicit ones.
 */
export function TableHead({ columns, dense = false }: { columns: readonly string[]; dense?: boolean }) {
  return (
    <thead role="rowgroup" className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
      <tr role="row">
        {columns.map((c) => (
          <th
            key={c}
            role="columnheader"
            scope="col"
            className={`${dense ? "px-3" : "px-4"} py-3 font-medium`}
          >
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
