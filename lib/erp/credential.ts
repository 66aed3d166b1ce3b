import "server-only";
import type { NamedCredential } from "@/lib/continuation";
import type { Env } from "@/lib/env";
import { DESK_CREDENTIALS } from "./credential-names";

/**
 * The ERP's named credentials, both on the ERP's base URL, their secrets added only at send time:
 * `ERP` carries the API key (data routes); `ERP_OAUTH` carries the OAuth client as HTTP Basic auth
 * (the token endpoint).
 */
export function erpCredentials(
  env: Pick<Env, "ERP_URL" | "ERP_API_KEY" | "ERP_CLIENT_ID" | "ERP_CLIENT_SECRET">,
): NamedCredential[] {
  // The ERP lives on the company network (the mock on loopback): configured, so trusted.
  const common = { baseUrl: env.ERP_URL, allowPrivateNetwork: true };
  const basic = Buffer.from(`${env.ERP_CLIENT_ID}:${env.ERP_CLIENT_SECRET}`).toString("base64");
  return [
    { ...common, name: DESK_CREDENTIALS.data, headers: () => ({ "x-api-key": env.ERP_API_KEY }) },
    { ...common, name: DESK_CREDENTIALS.oauth, headers: () => ({ authorization: `Basic ${basic}` }) },
  ];
}
