/**
 * The Warranty Desk adapter for ../shared/bench-peers (its README is the contract): the runtime
 * alone, in-process, on the project's own driver-level store (SQLite file or a fresh PostgreSQL
 * database), the same workload as `npm run bench -- --only runtime` (bench/runtime/workload.ts).
 * run.sh runs it from the project root: `node_modules/.bin/tsx --expose-gc bench/peers/warranty-desk.ts`.
 */
import { counts, openFreshStore, startBenchRuntime, type Backend } from "../runtime/workload";

if (!process.env.PEERS_DRIVER) {
  throw new Error(
    "PEERS_DRIVER (the driver's absolute path) is not set: run this file through bench-peers/run.sh",
  );
}
const { main } = (await import(process.env.PEERS_DRIVER)) as { main: (adapter: unknown) => Promise<void> };
const backend: Backend = process.env.BACKEND === "postgres" ? "postgres" : "sqlite";

let opened: Awaited<ReturnType<typeof openFreshStore>>;
let bench: Awaited<ReturnType<typeof startBenchRuntime>>;

await main({
  name: "warranty-desk",
  backend,
  async init() {
    opened = await openFreshStore(backend, { pgUrl: process.env.PG_URL, tmp: process.env.BENCH_TMP });
    bench = await startBenchRuntime(opened.store, process.env.ERP_URL!);
  },
  start: (workload: "W1" | "W3", key: string, serial: string) => bench.start(workload, key, serial),
  countCompleted: () => opened.countCompleted(),
  ops: () => ({ ...counts }),
  async close() {
    await bench?.runtime.close();
    await opened?.cleanup();
  },
});
