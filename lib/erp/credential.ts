import "server-only";
import type { NamedCredential } from "@/lib/continuation";
import type { Env } from "@/lib/env";

/** The ERP named credential: its base URL, and its API key added only at send time. */
export function erpCredential(env: Pick<Env, "ERP_URL" | "ERP_API_KEY">): NamedCredential {
  return {
    name: "ERP",
    baseUrl: env.ERP_URL,
    headers: () => ({ "x-api-key": env.ERP_API_KEY }),
    // The ERP lives on the company network (the mock on loopback): configured, so trusted.
    allowPrivateNetwork: true,
  };
}
