/**
 * The runtime benchmark's ERP: a tiny node:http server in its own process on 127.0.0.1 (as the
 * peer harness's), answering `GET /warranty/:serial?run=&step=` after a delay set per request
 * (`&delay=ms`), and counting hits per run and step so the benchmark can check exactly-once.
 */
import http from "node:http";

const hits = new Map<string, number>();
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://erp");
  if (url.pathname === "/__admin/hits") {
    const duplicates = [...hits.values()].filter((n) => n > 1).length;
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ total: hits.size, duplicates }));
    return;
  }
  const serial = decodeURIComponent(url.pathname.slice("/warranty/".length));
  const step = url.searchParams.get("step") ?? "?";
  const key = `${url.searchParams.get("run")}.${step}`;
  hits.set(key, (hits.get(key) ?? 0) + 1);
  const body = JSON.stringify({ serial, status: "active", endDate: "2029-06-30", next: `${serial}-${step}` });
  const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(body);
  const delay = Number(process.env.ERP_DELAY_MS ?? 0);
  if (delay > 0) setTimeout(answer, delay);
  else answer();
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.requestTimeout = 0;
server.maxConnections = Infinity;
server.listen(Number(process.env.ERP_PORT), "127.0.0.1", 16_384, () => process.stdout.write("ready\n"));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => process.exit(0));
