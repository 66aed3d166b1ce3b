import { z } from "zod";
import type { CalloutResponse, HttpRequest } from "@/lib/continuation";
import { readErpJson } from "./failures";

const OPERATION = "warranty lookup";
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The ERP's wire format for `GET /warranty/:serial`. */
const WarrantyWireSchema = z.object({
  serial: z.string(),
  sku: z.string(),
  status: z.enum(["active", "expired"]),
  startDate: IsoDate,
  endDate: IsoDate,
});

/** What the ERP says about a serial number, in the desk's terms. */
export type WarrantyAnswer =
  { found: true; status: "active" | "expired"; startDate: string; endDate: string } | { found: false };

/** The request for a serial's warranty (through the ERP named credential). */
export function warrantyRequest(serial: string): HttpRequest {
  return {
    method: "GET",
    url: `callout:ERP/warranty/${encodeURIComponent(serial)}`,
    headers: { accept: "application/json" },
  };
}

/**
 * Reads the ERP's answer. 404 means the ERP knows no warranty for the serial; any other non-2xx,
 * a 2000-2005 code or an unreadable body throws a `ContinuationFailure` that names the problem.
 */
export function readWarranty(response: CalloutResponse): WarrantyAnswer {
  if (response.statusCode === 404) return { found: false };
  const { status, startDate, endDate } = readErpJson(response, WarrantyWireSchema, OPERATION);
  return { found: true, status, startDate, endDate };
}

const ExtensionWireSchema = z.object({
  serial: z.string(),
  offers: z.array(
    z.object({
      code: z.string(),
      months: z.number().int().positive(),
      price: z.object({ amount: z.number().nonnegative(), currency: z.string().length(3) }),
    }),
  ),
});

export type ExtensionOffer = z.infer<typeof ExtensionWireSchema>["offers"][number];

/** The warranty extension offers for a serial. */
export function extensionRequest(serial: string): HttpRequest {
  return {
    method: "GET",
    url: `callout:ERP/warranty/${encodeURIComponent(serial)}/extension`,
    headers: { accept: "application/json" },
  };
}

/** Reads the offers; throws a `ContinuationFailure` naming the problem otherwise. */
export function readExtensionOffers(response: CalloutResponse): ExtensionOffer[] {
  return readErpJson(response, ExtensionWireSchema, "warranty extension lookup").offers;
}
