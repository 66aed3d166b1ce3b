import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";

const base =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium shadow-sm transition disabled:cursor-not-allowed disabled:opacity-70";
const tones = {
  primary: "bg-sky-700 text-white hover:bg-sky-800",
  quiet: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100",
  busy: "bg-slate-200 text-slate-600",
};

export function Button({
  tone = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: keyof typeof tones }) {
  return <button type="button" className={`${base} ${tones[tone]} ${className}`} {...props} />;
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

/** The disabled "Submitted…" button of a pending request. */
export function SubmittedButton() {
  return (
    <Button tone="busy" disabled>
      <span className="mr-2 inline-block size-3 animate-spin rounded-full border-2 border-slate-400 border-t-transparent" />
      Submitted…
    </Button>
  );
}

export function LinkButton({
  href,
  onClick,
  children,
}: {
  href?: string;
  onClick?: () => void;
  children: string;
}) {
  const style = "text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline";
  return href ? (
    <Link href={href} className={style}>
      {children}
    </Link>
  ) : (
    <button type="button" onClick={onClick} className={style}>
      {children}
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
