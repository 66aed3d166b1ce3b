"use client";

import { NavLinks, type NavItem } from "../nav-links";

const ITEMS: readonly NavItem[] = [
  {
    href: "/ops",
    label: "Continuations",
    isCurrent: (p) => p === "/ops" || p.startsWith("/ops/continuations"),
  },
  { href: "/ops/breakers", label: "Breakers", isCurrent: (p) => p === "/ops/breakers" },
  { href: "/ops/audit", label: "Audit", isCurrent: (p) => p === "/ops/audit" },
];

/** The console's navigation; the item of the page shown carries `aria-current="page"`. */
export function OpsNav() {
  return <NavLinks label="Operations" items={ITEMS} />;
}
