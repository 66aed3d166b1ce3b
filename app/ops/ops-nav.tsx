"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS = [
  {
    href: "/ops",
    label: "Continuations",
    isCurrent: (p: string) => p === "/ops" || p.startsWith("/ops/continuations"),
  },
  { href: "/ops/breakers", label: "Breakers", isCurrent: (p: string) => p === "/ops/breakers" },
  { href: "/ops/audit", label: "Audit", isCurrent: (p: string) => p === "/ops/audit" },
] as const;

/** The console's navigation; the item of the page shown carries `aria-current="page"`. */
export function OpsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Operations" className="text-sm font-medium">
      <ul className="flex flex-wrap gap-x-1 gap-y-1">
        {ITEMS.map((item) => {
          const isCurrent = item.isCurrent(pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isCurrent ? "page" : undefined}
                className={`inline-flex items-center rounded-md px-2.5 py-1.5 whitespace-nowrap ${
                  isCurrent
                    ? "bg-sky-50 text-sky-900"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
