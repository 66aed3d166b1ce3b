import type { Agent } from "undici";
import type { BreakerView, Breakers, ProbeResult } from "./breaker";
import type { EndpointPolicy, NamedCredential } from "./endpoints";
import { sendHttp } from "./http";

const PROBE_TIMEOUT_SECONDS = 5;
const PROBE_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * An operator's manual probe of a named credential: one GET of its `probePath`, past the breaker
 * (an open breaker would refuse it), with its secret headers and a 5 s deadline. A 2xx closes the
 * breaker (reason `operator-probe`); anything else leaves it as it was. Null for an unknown
 * credential or one without a probe path.
 */
export function createProber(deps: {
  credentials: readonly NamedCredential[];
  endpoints: EndpointPolicy;
  breakers: Breakers;
  agent: Agent;
  now: () => Date;
}) {
  return async (name: string): Promise<ProbeResult | null> => {
    const credential = deps.credentials.find((c) => c.name === name);
    if (!credential?.probePath) return null;
    const target = deps.endpoints.resolve(`callout:${name}${credential.probePath}`, { withSecrets: true });
    const started = deps.now().getTime();
    const outcome = await sendHttp(
      { url: target.url, method: "GET", headers: target.secretHeaders, body: null },
      {
        dispatcher: deps.agent,
        deadline: AbortSignal.timeout(PROBE_TIMEOUT_SECONDS * 1000),
        maxResponseBytes: PROBE_MAX_RESPONSE_BYTES,
        timeoutSeconds: PROBE_TIMEOUT_SECONDS,
      },
    );
    const ok = outcome.statusCode >= 200 && outcome.statusCode < 300;
    if (ok) deps.breakers.reset(name, "operator-probe");
    const breaker = deps.breakers.views().find((b) => b.credential === name) as BreakerView;
    return {
      credential: name,
      ok,
      statusCode: outcome.statusCode,
      errorMessage: outcome.errorMessage,
      durationMs: deps.now().getTime() - started,
      breaker,
    };
  };
}
