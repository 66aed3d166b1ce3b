import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, PEER_ADDRESS_HEADER, UNKNOWN_ADDRESS } from "./client-address";

const request = (peer: string | null, forwardedFor?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_ADDRESS_HEADER, peer);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return headers;
};

describe("the client's address", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("203.0.113.9", "1.2.3.4"), 0)).toBe("203.0.113.9");
    expect(clientAddress(request("203.0.113.9"), 0)).toBe("203.0.113.9");
  });

  it("is the entry the outermost trusted proxy appended, behind that many proxies", () => {
    // The client wrote "1.2.3.4"; the proxy appended the address it saw.
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddress(request("10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
    // A shorter chain than configured: the leftmost entry, never a guess further left.
    expect(clientAddress(request("10.0.0.3", "198.51.100.7"), 2)).toBe("198.51.100.7");
    // No header at all: the peer.
    expect(clientAddress(request("198.51.100.7"), 1)).toBe("198.51.100.7");
  });

  it("is one shared key when the request does not say", () => {
    expect(clientAddress(request(null), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(request("not an address"), 0)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("an address as a key", () => {
  it("keeps IPv4 and unwraps IPv4-mapped IPv6", () => {
    expect(addressKey("127.0.0.1")).toBe("127.0.0.1");
    expect(addressKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(addressKey("::ffff:c000:0280")).toBe("192.0.2.128");
  });

  it("counts IPv6 by its /64 network, however it is written", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("[2001:DB8:1:2::5]")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("is unknown for anything that is not an address", () => {
    for (const text of [undefined, null, "", " ", "localhost", "1.2.3", "1.2.3.4, 5.6.7.8", "::g"]) {
      expect(addressKey(text)).toBe(UNKNOWN_ADDRESS);
    }
  });
});
