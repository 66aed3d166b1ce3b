import { continuationAction } from "@/lib/runtime";
import { getWarranty, GetWarrantyInputSchema } from "@/lib/warranty/get-warranty";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";

export const dynamic = "force-dynamic";

// Unlike the desk's button, every call starts a lookup (no reuse of a pending one): load tools need that.
const startLookup = continuationAction(GetWarrantyInputSchema, getWarranty, {
  subject: (input) => warrantySubject(input.productId),
});

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  INVALID_INPUT: 400,
  PRODUCT_NOT_FOUND: 404,
  INTERNAL: 500,
};
const json = (body: unknown, status: number) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * Starts a warranty lookup for the signed-in agent: `{ productId }` in, `202 { id }` out at once;
 * follow it at `GET /api/continuations/:id`. The programmatic twin of the desk's button (load
 * tests, tools). Same-origin only: the session cookie is SameSite=Lax, and an Origin, when sent,
 * must be this host.
 */
export async function POST(request: Request) {
  const origin = request.headers.get("origin");
  if (origin && new URL(origin).host !== request.headers.get("host")) {
    return json({ error: { code: "FORBIDDEN_ORIGIN", message: "Cross-origin requests are refused." } }, 403);
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(
      { error: { code: "INVALID_JSON", message: 'The body must be JSON: { "productId": "…" }.' } },
      400,
    );
  }
  const result = await startLookup(body as { productId: string });
  return result.ok ? json(result.data, 202) : json({ error: result.error }, STATUS[result.error.code] ?? 422);
}
