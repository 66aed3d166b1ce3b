/**
 * Derived demo data for the dashboard routes (inventory, pricing, tracking) and warranty extension
 * offers. Everything is a pure function of the catalogue item (and the day, for dates), so answers
 * are stable across restarts.
 */
import { catalogue } from "./catalogue";
import type { CatalogueItem, Money } from "./catalogue";

/** An amount in EUR rounded to whole cents. */
const eurCents = (cents: number): Money => ({ amount: Math.round(cents) / 100, currency: "EUR" });

/** `percent` % of a price, rounded to 2 decimals (computed in cents to avoid float drift). */
const percentOf = (price: Money, percent: number): Money =>
  eurCents((Math.round(price.amount * 100) * percent) / 100);

// Position in the catalogue, the seed for every derived number.
const indexOf = (item: CatalogueItem): number => catalogue.findIndex((entry) => entry.sku === item.sku);

export interface Inventory {
  sku: string;
  onHand: number;
  reserved: number;
  warehouse: string;
}

const WAREHOUSES = ["Berlin-North", "Hamburg-Port", "Munich-South"] as const;

export function inventoryFor(item: CatalogueItem): Inventory {
  const index = indexOf(item);
  const onHand = (index * 37 + 12) % 97;
  return {
    sku: item.sku,
    onHand,
    reserved: Math.min(onHand, (index * 5 + 2) % 9),
    warehouse: WAREHOUSES[index % WAREHOUSES.length] ?? WAREHOUSES[0],
  };
}

export interface Pricing {
  sku: string;
  listPrice: Money;
  discountPercent: number;
  netPrice: Money;
}

const DISCOUNTS = [0, 5, 10, 15] as const;

export function pricingFor(item: CatalogueItem): Pricing {
  const discountPercent = DISCOUNTS[indexOf(item) % DISCOUNTS.length] ?? 0;
  return {
    sku: item.sku,
    listPrice: item.listPrice,
    discountPercent,
    netPrice: percentOf(item.listPrice, 100 - discountPercent),
  };
}

export interface Tracking {
  sku: string;
  openShipments: number;
  lastShipment: {
    carrier: string;
    trackingNumber: string;
    status: "in_transit" | "delivered";
    shippedAt: string;
  };
}

const CARRIERS = ["DHL", "UPS", "DPD", "GLS"] as const;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Tracking data; `shippedAt` lies 1 to 5 days before the start of `today` (UTC). */
export function trackingFor(item: CatalogueItem, today: Date): Tracking {
  const index = indexOf(item);
  const openShipments = (index * 3) % 4;
  const carrier = CARRIERS[index % CARRIERS.length] ?? CARRIERS[0];
  const startOfDay = Math.floor(today.getTime() / DAY_MS) * DAY_MS;
  const shippedAt = startOfDay - ((index % 5) + 1) * DAY_MS + (8 + (index % 10)) * HOUR_MS;
  return {
    sku: item.sku,
    openShipments,
    lastShipment: {
      carrier,
      trackingNumber: `${carrier}${String(20_000_000 + ((index * 7919) % 1_000_000))}`,
      status: openShipments > 0 ? "in_transit" : "delivered",
      shippedAt: new Date(shippedAt).toISOString(),
    },
  };
}

export interface ExtensionOffer {
  code: string;
  months: number;
  price: Money;
}

/** Extension length in months and its price as a share of the list price. */
const EXTENSIONS = [
  { months: 12, percent: 12 },
  { months: 24, percent: 20 },
  { months: 36, percent: 27 },
] as const;

export function extensionOffersFor(item: CatalogueItem): ExtensionOffer[] {
  return EXTENSIONS.map(({ months, percent }) => ({
    code: `EXT-${months}`,
    months,
    price: percentOf(item.listPrice, percent),
  }));
}
