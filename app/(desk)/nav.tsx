"use client";

import type { ReactNode } from "react";
import { NavLinks, type NavItem } from "../nav-links";

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
  const items = ITEMS.map((item) => (item.href === "/attention" ? { ...item, badge: attentionBadge } : item));
  return <NavLinks label="Main" items={isOperator ? [...items, OPERATIONS] : items} />;
}
