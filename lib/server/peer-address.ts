import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-address";

// Not `server-only`: instrumentation.ts loads it, and its test runs it under a plain HTTP server.

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

const stampPeer = (message: unknown) => {
  const { request, socket } = message as RequestStart;
  request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "";
};

let stamping = false;

/**
 * Makes every HTTP request this process serves carry its TCP peer's address in
 * `PEER_ADDRESS_HEADER`, replacing any value the client sent, so route handlers and server actions
 * can tell who connected (lib/http/client-address.ts explains why X-Forwarded-For cannot).
 * Node publishes `http.server.request.start` synchronously before the server's `request` handler
 * (Next.js) runs, and Next.js builds the request's headers from `request.headers`. Call once,
 * before the server takes requests (instrumentation.ts); further calls do nothing.
 */
export function stampPeerAddresses(): void {
  if (stamping) return;
  stamping = true;
  diagnosticsChannel.subscribe("http.server.request.start", stampPeer);
}
