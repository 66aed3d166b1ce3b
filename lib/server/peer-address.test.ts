import { afterAll, beforeAll, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/lib/http/client-address";
import { startTestServer } from "@/lib/testing/http-server";
import { stampPeerAddresses } from "./peer-address";

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  stampPeerAddresses();
  stampPeerAddresses(); // a second call changes nothing
  server = await startTestServer((_req, res) => res.end());
});
afterAll(() => server.close());

it("stamps each request with its TCP peer, over whatever the client sent", async () => {
  await fetch(server.url, {
    headers: { [PEER_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.77" },
  });
  await fetch(server.url);
  const [forged, plain] = server.requests;
  expect(forged?.headers[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
  expect(forged?.headers["x-forwarded-for"]).toBe("203.0.113.77");
  expect(plain?.headers[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");

  // What a route handler then takes as the client's address.
  const headers = new Headers(forged?.headers as Record<string, string>);
  expect(clientAddress(headers, 0)).toBe("127.0.0.1");
});
