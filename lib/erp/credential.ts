import "server-only";
import type { NamedCredential } from "@/lib/continuation";
import type { Env } from "@/lib/env";
import { DESK_CREDENTIALS, ERP_CREDENTIAL, LAB_CREDENTIAL } from "./credential-names";

export { ERP_CREDENTIAL, LAB_CREDENTIAL };

/**
 * The ERP's named credentials, their secrets added only at send time: `ERP` carries the API key
 * (data routes); `ERP_OAUTH` carries the OAuth client as HTTP Basic auth (the token endpoint);
 * `ERP_LAB` is `ERP` for the lab's simulated agents, on ERP_LAB_URL. Each has its own breaker.
 */
export function erpCredentials(
  env: Pick<Env, "ERP_URL" | "ERP_LAB_URL" | "ERP_API_KEY" | "ERP_CLIENT_ID" | "ERP_CLIENT_SECRET">,
): NamedCredential[] {
  // The ERP lives on the company network (the mock on loopback): configured, so trusted.
  // An operator's manual breaker probe asks the ERP's health check.
  const common = { baseUrl: env.ERP_URL, allowPrivateNetwork: true, probePath: "/health" };
  const basic = Buffer.from(`${env.ERP_CLIENT_ID}:${env.ERP_CLIENT_SECRET}`).toString("base64");
  const apiKey = () => ({ "x-api-key": env.ERP_API_KEY });
  return [
    { ...common, name: DESK_CREDENTIALS.data, headers: apiKey },
    { ...common, name: DESK_CREDENTIALS.oauth, headers: () => ({ authorization: `Basic ${basic}` }) },
    { ...common, name: LAB_CREDENTIAL, baseUrl: env.ERP_LAB_URL, probePath: undefined, headers: apiKey },
  ];
}
