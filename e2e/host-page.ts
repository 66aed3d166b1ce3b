import http from "node:http";

/**
 * A page of another application (a CRM console) at its own origin: a real HTTP server on
 * `address:port` answering every GET with `html`. Chromium enforces framing and cookie rules on
 * real origins; a page Playwright fulfils itself does not frame like one. Close it in the test.
 */
export async function serveHostPage(address: string, port: number, html: string) {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
