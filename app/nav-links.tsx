"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

export interface NavItem {
  href: string;
  label: string;
  /** Whether the item names the page at `pathname`. */
  isCurrent: (pathname: string) => boolean;
  /** Shown after the label (a count, say). */
  badge?: ReactNode;
}

/**
 * A navigation landmark named `label` (the desk's and the console's): a row of links that wraps,
 * the one naming the page shown carrying `aria-current="page"`.
 */
export function NavLinks({ label, items }: { label: string; items: readonly NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="text-sm font-medium">
      <ul className="flex flex-wrap gap-x-1 gap-y-1">
        {items.map((item) => {
          const isCurrent = item.isCurrent(pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isCurrent ? "page" : undefined}
                className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 whitespace-nowrap ${
                  isCurrent
                    ? "bg-sky-50 text-sky-900"
                    : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {item.label}
                {item.badge}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
