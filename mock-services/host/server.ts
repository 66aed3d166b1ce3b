import { createServer, type Server, type ServerResponse } from "node:http";
import { renderHostPage } from "./page";

/** Defaults shared by `createHostServer`'s callers and the process entry. */
export const HOST_DEFAULTS = { port: 4020, listenHost: "127.0.0.1" } as const;

export interface HostServerOptions {
  /** The Warranty Desk's origin (e.g. http://127.0.0.1:3000): the page loads the host library from it. */
  appOrigin: string;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    ...headers,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-content-type-options": "nosniff",
  });
  res.end(text);
}

/**
 * The demo host: a plain `node:http` server (not yet listening) answering `GET /` (and `HEAD /`)
 * with the service console page, 404 for any other path and 405 for any other method. The page
 * is rendered once; `appOrigin` is escaped where it lands in it.
 */
export function createHostServer({ appOrigin }: HostServerOptions): Server {
  const page = renderHostPage(appOrigin);
  const pageBytes = Buffer.byteLength(page);
  return createServer((req, res) => {
    // The path as sent, without parsing it into a URL ("//x" would otherwise read as the host x).
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (pathname !== "/") {
      sendText(res, 404, `Not found: ${pathname}. The demo host serves one page, at /.\n`);
      return;
    }
    // HEAD goes with GET: HTTP asks every server to answer both (RFC 9110, 9.1).
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, `Method ${req.method ?? "?"} is not allowed on /; use GET.\n`, {
        allow: "GET, HEAD",
      });
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": pageBytes,
      // Each load shows the page as the server has it now, never a stale copy with another origin.
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : page);
  });
}
