/**
 * Process entry of the mock ERP: `tsx mock-services/erp/main.ts`. Reads ERP_* env vars (see
 * README.md), listens on loopback by default and shuts down cleanly on SIGTERM/SIGINT.
 */
import { z } from "zod";
import { MAX_LATENCY_MS } from "./faults";
import { ORDER_PROGRESS_EXPECTED, orderProgressSchema } from "./orders";
import { createErpServer, ERP_DEFAULTS } from "./server";
import { stopOnSignals } from "../shared/stop-on-signal";

const integer = (name: string, min: number, max: number) => {
  const error = `${name} must be an integer from ${min} to ${max}.`;
  return z
    .string()
    .regex(/^\d+$/, { error })
    .transform(Number)
    .pipe(z.number().int().min(min, { error }).max(max, { error }));
};
const text = (name: string) => z.string().min(1, { error: `${name} must not be empty.` });

// Empty values count as unset, as docker-compose and shells often pass `VAR=`.
const unsetIfEmpty = (value: unknown): unknown => (value === "" ? undefined : value);

const envSchema = z.object({
  ERP_PORT: z.preprocess(unsetIfEmpty, integer("ERP_PORT", 0, 65535).default(ERP_DEFAULTS.port)),
  ERP_HOST: z.preprocess(unsetIfEmpty, text("ERP_HOST").default(ERP_DEFAULTS.host)),
  ERP_DEFAULT_LATENCY_MS: z.preprocess(
    unsetIfEmpty,
    integer("ERP_DEFAULT_LATENCY_MS", 0, MAX_LATENCY_MS).optional(),
  ),
  ERP_CLIENT_ID: z.preprocess(unsetIfEmpty, text("ERP_CLIENT_ID").default(ERP_DEFAULTS.clientId)),
  ERP_CLIENT_SECRET: z.preprocess(unsetIfEmpty, text("ERP_CLIENT_SECRET").default(ERP_DEFAULTS.clientSecret)),
  ERP_API_KEY: z.preprocess(unsetIfEmpty, text("ERP_API_KEY").default(ERP_DEFAULTS.apiKey)),
  ERP_TOKEN_TTL_SECONDS: z.preprocess(
    unsetIfEmpty,
    integer("ERP_TOKEN_TTL_SECONDS", 1, 86_400).default(ERP_DEFAULTS.tokenTtlSeconds),
  ),
  // "5000,30000,120000": ms after creation until an order is confirmed, shipped, delivered.
  ERP_ORDER_PROGRESS_MS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\s*\d{1,15}\s*,\s*\d{1,15}\s*,\s*\d{1,15}\s*$/, {
        error: `ERP_ORDER_PROGRESS_MS must be ${ORDER_PROGRESS_EXPECTED}, comma-separated.`,
      })
      .transform((value) => value.split(",").map(Number))
      .pipe(orderProgressSchema("ERP_ORDER_PROGRESS_MS"))
      .optional(),
  ),
  ERP_LOG: z.preprocess(
    unsetIfEmpty,
    z.enum(["0", "1", "false", "true"], { error: "ERP_LOG must be 0 or 1." }).default("1"),
  ),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  - ${issue.message}`).join("\n");
  console.error(`Mock ERP: invalid configuration:\n${problems}`);
  process.exit(1);
}
const env = parsed.data;

const erp = createErpServer({
  defaultLatencyMs: env.ERP_DEFAULT_LATENCY_MS,
  clientId: env.ERP_CLIENT_ID,
  clientSecret: env.ERP_CLIENT_SECRET,
  apiKey: env.ERP_API_KEY,
  tokenTtlSeconds: env.ERP_TOKEN_TTL_SECONDS,
  orderProgressMs: env.ERP_ORDER_PROGRESS_MS,
  log: env.ERP_LOG === "1" || env.ERP_LOG === "true",
});

try {
  const { url } = await erp.listen(env.ERP_PORT, env.ERP_HOST);
  console.log(`Mock ERP listening on ${url}`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`Mock ERP: cannot listen on ${env.ERP_HOST}:${env.ERP_PORT}: ${reason}`);
  process.exit(1);
}

stopOnSignals("Mock ERP", () => erp.close());
