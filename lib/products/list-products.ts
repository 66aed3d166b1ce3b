import "server-only";
import { getDb } from "@/lib/db";

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  serialNumber: string;
}

/** The desk's product list, by name. */
export async function listProducts(): Promise<ProductRow[]> {
  return getDb().product.findMany({
    orderBy: { name: "asc" },
    select: { id: true, sku: true, name: true, serialNumber: true },
  });
}
