"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

interface NavItem {
  href: string;
  label: string;
  /** Whether the item names the page at `pathname`. */
  isCurrent: (pathname: string) => boolean;
}

const ITEMS: readonly NavItem[] = [
  { href: "/", label: "Products", isCurrent: (p) => p === "/" || p.startsWith("/products/") },
  { href: "/orders", label: "Orders", isCurrent: (p) => p === "/orders" || p.startsWith("/orders/") },
  { href: "/attention", label: "Needs attention", isCurrent: (p) => p === "/attention" },
  { href: "/lab", label: "Lab", isCurrent: (p) => p === "/lab" || p.startsWith("/lab/") },
];
// Operators only: the console (/ops) has a header of its own.
const OPERATIONS: NavItem = { href: "/ops", label: "Operations", isCurrent: () => false };

/**
 * The desk's main navigation; the item of the page shown carries `aria-current="page"`.
 * `attentionBadge` (a count, say) follows the Needs attention label; `isOperator` adds Operations.
 */
export function DeskNav({
  attentionBadge,
  isOperator,
}: {
  attentionBadge?: ReactNode;
  isOperator?: boolean;
}) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="text-sm font-medium">
      <ul className="flex flex-wrap gap-x-1 gap-y-1">
        {(isOperator ? [...ITEMS, OPERATIONS] : ITEMS).map((item) => {
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
                {item.href === "/attention" && attentionBadge}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
