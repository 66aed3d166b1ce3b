import fs from "node:fs";
import path from "node:path";
import { startPostgresCluster, type PostgresCluster } from "@/lib/testing/postgres-cluster";
import { prepareApp, startApp, type AppOptions, type AppProcess } from "./app-process";
import { expect, signIn, test, WARRANTY_ROUTE } from "./fixtures";

// Two app instances on one PostgreSQL database. Instance A takes 50 lookups and is killed while
// every one of them waits on the ERP; instance B takes them over when A's leases expire, and the
// agent's page, which talks to B, sees them end.
const PORTS = { a: 3241, b: 3242, postgres: 55441 };
const LOOKUPS = 50;
const dataDir = path.resolve("data/e2e-instances");

let cluster: PostgresCluster | undefined;
const apps: AppProcess[] = [];

function hasPostgres(): boolean {
  return (
    fs.existsSync("/usr/lib/postgresql") &&
    fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
  );
}

test.describe.configure({ timeout: 180_000 });
test.use({ baseURL: `http://127.0.0.1:${PORTS.b}` });

test.afterAll(async () => {
  for (const app of apps) await app.kill();
  cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("Two instances share the work: one is killed with 50 lookups in flight, and every one completes", async ({
  page,
  erp,
}) => {
  test.info().skip(!hasPostgres(), "needs PostgreSQL server binaries (apt-get install postgresql)");
  fs.rmSync(dataDir, { recursive: true, force: true });
  cluster = startPostgresCluster(PORTS.postgres);
  // A deadline long enough to outlive A's leases (15 s) and B's next recovery sweep (5 s):
  // past its deadline a taken-over callout becomes 2000 instead of being re-sent.
  const database = {
    DB_PROVIDER: "postgres",
    DATABASE_URL: cluster.url,
    CONTINUATION_LIMITS: JSON.stringify({ defaultTimeoutSeconds: 90 }),
  };
  const instance = (name: "a" | "b"): AppOptions => ({
    port: PORTS[name],
    dataDir, // one session secret for both, as several instances need
    instanceId: `instance-${name}`,
    env: database,
  });
  prepareApp(instance("a"));
  const a = await startApp(instance("a"));
  const b = await startApp(instance("b"));
  apps.push(a, b);

  // The agent's page talks to B; the lookups go to A.
  await signIn(page, "alice");
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");

  const before = (await erp.stats()).requests[WARRANTY_ROUTE] ?? 0;
  await erp.fault({ route: WARRANTY_ROUTE, mode: "latency", latencyMs: 6_000, count: LOOKUPS });
  const products = ["wd-drill-18v", "wd-grind-125", "wd-mix-pro", "wd-weld-200", "wd-gen-3kw", "wd-laser-lv"];
  const ids: string[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const response = await fetch(`${a.url}/api/warranty-lookups`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ productId: products[i % products.length] }),
    });
    expect(response.status).toBe(202);
    ids.push(((await response.json()) as { id: string }).id);
  }
  // Every lookup has reached the ERP and waits there: kill A.
  await expect
    .poll(async () => ((await erp.stats()).requests[WARRANTY_ROUTE] ?? 0) - before, { timeout: 20_000 })
    .toBe(LOOKUPS);
  await a.kill();

  // B takes A's work over once A's leases expire, re-sends, and finishes every lookup.
  const statuses = async () =>
    Promise.all(
      ids.map(async (id) => {
        const response = await page.request.get(`/api/continuations/${id}`);
        return ((await response.json()) as { status: string }).status;
      }),
    );
  await expect
    .poll(async () => (await statuses()).filter((s) => s === "completed").length, {
      timeout: 90_000,
      intervals: [1_000],
    })
    .toBe(LOOKUPS);

  // The page on B shows results of work that A started and B finished.
  await page.reload();
  await expect(page.getByRole("row", { name: /Cordless Drill 18V/ }).getByRole("status")).toHaveText(
    "Active until 30 Jun 2029",
  );

  // Each lookup's callback committed exactly once (one check row per continuation), and the ERP
  // saw every lookup at least twice: once from A, again from B.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "WarrantyCheck" WHERE "continuationId" = ANY($1)`,
    [ids],
  );
  const leases = await client.query<{ owner: string; n: string }>(
    `SELECT "leaseOwner" AS owner, count(*) AS n FROM "Continuation" WHERE id = ANY($1) GROUP BY 1`,
    [ids],
  );
  await client.end();
  expect(Number(rows[0]?.n)).toBe(LOOKUPS);
  expect(leases.rows).toEqual([{ owner: "instance-b", n: String(LOOKUPS) }]);
  expect(((await erp.stats()).requests[WARRANTY_ROUTE] ?? 0) - before).toBeGreaterThanOrEqual(2 * LOOKUPS);
});
