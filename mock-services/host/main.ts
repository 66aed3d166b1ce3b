/**
 * Process entry of the demo host: `tsx mock-services/host/main.ts` (`npm start` runs it). Reads
 * EMBED_HOST_PORT (default 4020) and the app's URL (APP_URL, else http://127.0.0.1:$PORT, PORT
 * defaulting to 3000), listens on loopback and shuts down cleanly on SIGTERM/SIGINT.
 */
import { z } from "zod";
import { createHostServer, HOST_DEFAULTS } from "./server";
import { stopOnSignals } from "../shared/stop-on-signal";

// Empty values count as unset, as docker-compose and shells often pass `VAR=`.
const unsetIfEmpty = (value: unknown): unknown => (value === "" ? undefined : value);
const port = (name: string) => {
  const error = `${name} must be an integer from 1 to 65535.`;
  return z
    .string()
    .regex(/^\d{1,5}$/, { error })
    .transform(Number)
    .pipe(z.number().int().min(1, { error }).max(65_535, { error }));
};

const envSchema = z.object({
  EMBED_HOST_PORT: z.preprocess(unsetIfEmpty, port("EMBED_HOST_PORT").default(HOST_DEFAULTS.port)),
  PORT: z.preprocess(unsetIfEmpty, port("PORT").default(3000)),
  APP_URL: z.preprocess(
    unsetIfEmpty,
    z
      .url({ protocol: /^https?$/, error: "APP_URL must be an http(s) URL, e.g. http://127.0.0.1:3000." })
      .optional(),
  ),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  - ${issue.message}`).join("\n");
  console.error(`Demo host: invalid configuration:\n${problems}`);
  process.exit(1);
}
const env = parsed.data;
const appOrigin = new URL(env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).origin;

// The page is announced as http://localhost:<port> while the app runs on 127.0.0.1: browsers count
// `localhost` and `127.0.0.1` as different sites, so the desk's frame in this page is a third-party
// frame: its cookies are partitioned or blocked and its storage is separate, as in a real embed.
const hostUrl = `http://localhost:${env.EMBED_HOST_PORT}`;
if (new URL(appOrigin).hostname === "localhost") {
  console.warn(
    `Demo host: the app (${appOrigin}) is on localhost too, the same site as this page; cookies and storage will not behave as in a cross-site embed. Run the app on 127.0.0.1.`,
  );
}

const server = createHostServer({ appOrigin });
try {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.EMBED_HOST_PORT, HOST_DEFAULTS.listenHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  console.log(`Demo host  ${hostUrl}   (framing the Warranty Desk at ${appOrigin})`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`Demo host: cannot listen on ${HOST_DEFAULTS.listenHost}:${env.EMBED_HOST_PORT}: ${reason}`);
  process.exit(1);
}

stopOnSignals(
  "Demo host",
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Kept-alive browser connections would otherwise hold close() open.
      server.closeAllConnections();
    }),
);
