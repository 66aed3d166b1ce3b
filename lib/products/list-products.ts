import "server-only";
import type { Db } from "@/lib/db";

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  serialNumber: string;
}

/** The desk's product list, by name. */
export async function listProducts(db: Db): Promise<ProductRow[]> {
  return db.product.findMany({
    orderBy: { name: "asc" },
    select: { id: true, sku: true, name: true, serialNumber: true },
  });
}
