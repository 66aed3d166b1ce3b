import { z } from "zod";
import { SignInThrottleSettingsSchema } from "@/lib/auth/sign-in-throttle";
import { LimitsOverrideSchema } from "@/lib/continuation/limits";

// Validated once, at start-up. Not `server-only`: the start, seed and test scripts read it too.
// Secrets in here never reach a browser: nothing in this file is NEXT_PUBLIC_.

const port = z.coerce.number().int().min(1).max(65_535);

/** An origin allowed to frame the continuation proxy: `http(s)://host[:port]`, exactly. */
export type EmbedOrigin = `${"http" | "https"}://${string}`;

/** EMBED_ORIGINS: each entry must be an origin as browsers write it (so `event.origin` equals it). */
function parseOrigins(text: string, ctx: z.RefinementCtx): EmbedOrigin[] {
  const origins = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const origin of origins) {
    const url = URL.parse(origin);
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin || origin.includes("*")) {
      ctx.addIssue({
        code: "custom",
        message: `"${origin}" is not an origin: write scheme://host[:port], lower case, with no path, no trailing slash and no *`,
      });
    }
  }
  return origins as EmbedOrigin[];
}

/** A setting holding a JSON object (`{}` when unset), checked against `schema`. */
function jsonSetting<Schema extends z.ZodType>(name: string, schema: Schema) {
  return z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} must be a JSON object` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Where the app listens. */
    PORT: port.default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    /** The mock ERP's port; ERP_URL defaults to it on loopback. */
    ERP_PORT: port.default(4010),
    ERP_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Where the lab's traffic goes (named credential ERP_LAB, a circuit breaker of its own).
     * Default: ERP_URL + "/lab", where the mock ERP serves its routes again for the lab.
     */
    ERP_LAB_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The ERP named credential's API key, added to callouts at send time. */
    ERP_API_KEY: z.string().min(1).default("erp-demo-key"),
    /** The ERP OAuth client (client credentials), sent as HTTP Basic auth at send time only. */
    ERP_CLIENT_ID: z.string().min(1).default("warranty-desk"),
    ERP_CLIENT_SECRET: z.string().min(1).default("erp-demo-secret"),
    /** sqlite (embedded, the default) or postgres (several instances; needs DATABASE_URL). */
    DB_PROVIDER: z.enum(["sqlite", "postgres"]).default("sqlite"),
    /** PostgreSQL connection URL, when DB_PROVIDER=postgres. */
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgresql:// URL" })
      .optional(),
    /** Embedded SQLite database file (relative to the working directory). */
    SQLITE_URL: z
      .string()
      .regex(/^file:/, "SQLITE_URL must start with file:")
      .default("file:./data/warranty-desk.db"),
    /** Signs the session cookie (32+ characters). Generated into DATA_DIR when unset. */
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    /** Send the session cookie only over HTTPS. */
    COOKIE_SECURE: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    DATA_DIR: z.string().min(1).default("./data"),
    /** Password the seed gives the demo agents alice and bob. */
    DEMO_PASSWORD: z.string().min(8, "DEMO_PASSWORD must be at least 8 characters").default("warranty-demo"),
    /**
     * Overrides of the continuation limits as JSON, e.g. {"maxChainLength":4,"defaultTimeoutSeconds":60}.
     * Keys: see lib/continuation/limits.ts. Unset: the Salesforce defaults.
     */
    CONTINUATION_LIMITS: jsonSetting("CONTINUATION_LIMITS", LimitsOverrideSchema),
    /** Failures or timeouts in a row that open a named credential's circuit breaker. */
    BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
    /** How long an open breaker waits before letting one probe request through (ms). */
    BREAKER_HALF_OPEN_AFTER_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** Synchronous mode's org limit: this many requests running longer than SYNC_LONG_RUNNING_MS... */
    SYNC_MAX_LONG_RUNNING: z.coerce.number().int().min(1).max(10_000).default(10),
    /** ...at once, and any further synchronous request is refused (the platform's 10 and 5 s). */
    SYNC_LONG_RUNNING_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
    /** How long a fail-fast synchronous request waits for the ERP (ms). */
    FAIL_FAST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    /**
     * This instance's name in continuation leases: stable across its restarts, distinct between
     * instances sharing a database. Default: host name and port.
     */
    INSTANCE_ID: z.string().min(1).max(100).optional(),
    /** Test hook of the crash matrix (see docs/operations.md). Never set it in production. */
    CRASH_AT_FOR_TESTS: z.string().optional(),
    /** Answers from the ERP older than this (minutes) are marked out of date on the desk, with Check again. */
    STALE_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
    /** How long continuations' timeline events are kept (days); older ones are pruned hourly. */
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    /**
     * Where traces go (OTLP over HTTP, e.g. http://localhost:4318; `/v1/traces` is appended).
     * Unset: no tracing SDK is loaded and spans cost nothing.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** The service name traces carry. */
    OTEL_SERVICE_NAME: z.string().min(1).max(100).default("warranty-desk"),
    /**
     * A bearer token that may read GET /api/metrics (a Prometheus scraper); 32+ characters.
     * Unset: only signed-in operators may read it.
     */
    METRICS_TOKEN: z.string().min(32, "METRICS_TOKEN must be at least 32 characters").optional(),
    /** Log level for the runtime's structured lines. */
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /**
     * Reverse proxies in front of the app that append the client's address to X-Forwarded-For
     * (nginx `$proxy_add_x_forwarded_for`, most load balancers). 0: the app is reached directly and
     * the TCP peer is the client; the header is then ignored (lib/http/client-address.ts).
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * Overrides of the sign-in throttling policy as JSON, e.g.
     * {"perNameAndAddress":{"delayAfter":3,"lockAfter":6},"lockSeconds":600}. Keys and defaults:
     * lib/auth/sign-in-throttle.ts (5/10 failures per name and address, 10/30 per name, 30/100 per
     * address, 15-minute locks, failures forgotten an hour after the first).
     */
    SIGN_IN_THROTTLE: jsonSetting("SIGN_IN_THROTTLE", SignInThrottleSettingsSchema),
    /** The demo host page (mock-services/host, the "Lightning page" on another site) listens here. */
    EMBED_HOST_PORT: port.default(4020),
    /**
     * The origins whose pages may frame the continuation proxy (/embed/continuation-proxy), comma-
     * separated, each exactly `scheme://host[:port]` (no path, no `*`). Empty: embedding is off.
     * Unset: the demo host's origin, http://localhost:EMBED_HOST_PORT.
     */
    EMBED_ORIGINS: z
      .string()
      .optional()
      .transform((text, ctx) => (text === undefined ? undefined : parseOrigins(text, ctx))),
  })
  .refine((env) => env.DB_PROVIDER !== "postgres" || env.DATABASE_URL, {
    message: "DB_PROVIDER=postgres needs DATABASE_URL",
    path: ["DATABASE_URL"],
  })
  .transform((env) => ({
    ...env,
    ERP_URL: env.ERP_URL ?? `http://127.0.0.1:${env.ERP_PORT}`,
    ERP_LAB_URL:
      env.ERP_LAB_URL ?? `${(env.ERP_URL ?? `http://127.0.0.1:${env.ERP_PORT}`).replace(/\/+$/, "")}/lab`,
    EMBED_ORIGINS: env.EMBED_ORIGINS ?? [`http://localhost:${env.EMBED_HOST_PORT}` as EmbedOrigin],
  }));

export type Env = z.infer<typeof EnvSchema>;

/** Parses an environment, naming every bad variable in one error. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function getEnv(): Env {
  return (cached ??= parseEnv(process.env));
}
