/**
 * Demo data of the mock ERP. It must stay in step with the app's database seed: the app shows
 * these products and serials, and end-to-end tests look them up here.
 */

/** A price as the ERP reports it (amounts in major units, e.g. 129.9 EUR). */
export interface Money {
  amount: number;
  currency: "EUR";
}

/** Warranty period; both dates are inclusive, formatted YYYY-MM-DD. */
export interface WarrantyPeriod {
  startDate: string;
  endDate: string;
}

/** One product of the catalogue together with the one serial the demo has sold of it. */
export interface CatalogueItem {
  sku: string;
  name: string;
  serial: string;
  listPrice: Money;
  /** null: the ERP knows the product but has no warranty registered for the serial. */
  warranty: WarrantyPeriod | null;
}

const eur = (amount: number): Money => ({ amount, currency: "EUR" });

/** The catalogue, in seed order. */
export const catalogue: readonly CatalogueItem[] = [
  {
    sku: "WD-DRILL-18V",
    name: "Cordless Drill 18V",
    serial: "SN-1001-A",
    listPrice: eur(129.9),
    warranty: { startDate: "2026-06-30", endDate: "2029-06-30" },
  },
  {
    sku: "WD-SAW-CIRC",
    name: "Circular Saw 1400W",
    serial: "SN-1002-B",
    listPrice: eur(149),
    warranty: { startDate: "2022-03-15", endDate: "2024-03-15" },
  },
  {
    sku: "WD-GRIND-125",
    name: "Angle Grinder 125mm",
    serial: "SN-1003-C",
    listPrice: eur(79.95),
    warranty: { startDate: "2025-01-31", endDate: "2028-01-31" },
  },
  {
    sku: "WD-SAND-ORB",
    name: "Orbital Sander",
    serial: "SN-1004-D",
    listPrice: eur(64.5),
    warranty: { startDate: "2023-09-30", endDate: "2025-09-30" },
  },
  {
    sku: "WD-MIX-PRO",
    name: "Concrete Mixer Pro",
    serial: "SN-1005-E",
    listPrice: eur(489),
    warranty: { startDate: "2025-12-31", endDate: "2030-12-31" },
  },
  {
    sku: "WD-COMP-50L",
    name: "Air Compressor 50L",
    serial: "SN-1006-F",
    listPrice: eur(229),
    warranty: { startDate: "2021-11-01", endDate: "2023-11-01" },
  },
  {
    sku: "WD-WELD-200",
    name: "Inverter Welder 200A",
    serial: "SN-1007-G",
    listPrice: eur(279),
    warranty: { startDate: "2025-08-15", endDate: "2027-08-15" },
  },
  {
    sku: "WD-GEN-3KW",
    name: "Generator 3kW",
    serial: "SN-1008-H",
    listPrice: eur(649),
    warranty: { startDate: "2026-02-28", endDate: "2029-02-28" },
  },
  {
    sku: "WD-WASH-HP",
    name: "Pressure Washer 2200psi",
    serial: "SN-1009-J",
    listPrice: eur(199),
    warranty: { startDate: "2023-12-31", endDate: "2025-12-31" },
  },
  {
    sku: "WD-LASER-LV",
    name: "Laser Level 360",
    serial: "SN-1010-K",
    listPrice: eur(159.9),
    warranty: { startDate: "2025-10-01", endDate: "2028-10-01" },
  },
  {
    sku: "WD-PLANE-82",
    name: "Electric Planer 82mm",
    serial: "SN-9999-Z",
    listPrice: eur(119),
    warranty: null,
  },
];

/** Finds a catalogue item by its SKU (exact, case-sensitive). */
export function findBySku(sku: string): CatalogueItem | undefined {
  return catalogue.find((item) => item.sku === sku);
}

/** Another unit sold of a catalogue product: the ERP knows its serial, the desk's product list does not. */
export interface SoldUnit {
  /** The catalogue product it is a unit of. */
  sku: string;
  serial: string;
  /** null: sold, but no warranty registered for it. */
  warranty: WarrantyPeriod | null;
}

/**
 * Serials beyond the catalogue's own, for the desk's lookup by serial number (README, "Serials
 * beyond the product list"). Not seeded: the desk's product list shows the catalogue only.
 */
export const otherSoldUnits: readonly SoldUnit[] = [
  {
    sku: "WD-DRILL-18V",
    serial: "SN-2001-A",
    warranty: { startDate: "2026-04-30", endDate: "2031-04-30" },
  },
  {
    sku: "WD-SAW-CIRC",
    serial: "SN-2002-B",
    warranty: { startDate: "2022-05-31", endDate: "2024-05-31" },
  },
  { sku: "WD-GRIND-125", serial: "SN-2003-C", warranty: null },
];

/**
 * What the ERP knows of a serial number (exact, case-sensitive): the catalogue item whose serial it
 * is, or, for another unit sold of a catalogue product, that product with the unit's serial and
 * warranty.
 */
export function findBySerial(serial: string): CatalogueItem | undefined {
  const item = catalogue.find((entry) => entry.serial === serial);
  if (item) return item;
  const unit = otherSoldUnits.find((entry) => entry.serial === serial);
  const product = unit && findBySku(unit.sku);
  return unit && product ? { ...product, serial: unit.serial, warranty: unit.warranty } : undefined;
}
