import { isIPv4, isIPv6 } from "node:net";

/**
 * The header that carries the address of the TCP peer of a request, stamped by this process
 * (lib/server/peer-address.ts) over whatever the client sent under that name.
 *
 * Why not X-Forwarded-For: Next.js 16 (`next start`) sets it from the socket only when the request
 * has none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress` in
 * next/dist/server/base-server.js), so a client connecting directly writes the whole value itself,
 * and route handlers and server actions see nothing else of the socket (NextRequest has no `ip`
 * since Next 15).
 */
export const PEER_ADDRESS_HEADER = "x-warranty-desk-peer-address";

/** Stands for an address the request does not give (the stamp is missing): one shared key. */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client's address as a throttling key. With no trusted proxy (`trustedProxyHops` 0, a
 * directly exposed `next start`), it is the TCP peer: nothing the client sends can change it.
 * Behind `trustedProxyHops` reverse proxies that each append the address they received from to
 * X-Forwarded-For, it is the entry that many places from the right (the address the outermost
 * trusted proxy saw); entries further left were written by the client and are ignored.
 *
 * IPv4-mapped IPv6 addresses count as IPv4; other IPv6 addresses count by their /64 network, since
 * one client usually holds a whole /64.
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string {
  const peer = headers.get(PEER_ADDRESS_HEADER);
  if (trustedProxyHops === 0) return addressKey(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the chain is shorter than configured; the leftmost is still ours.
  const entry = forwarded.length >= trustedProxyHops ? forwarded.at(-trustedProxyHops) : forwarded[0];
  return addressKey(entry ?? peer);
}

/** An address in one canonical form (see `clientAddress`), or `UNKNOWN_ADDRESS`. */
export function addressKey(address: string | null | undefined): string {
  const bare = address
    ?.trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  if (!bare) return UNKNOWN_ADDRESS;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return UNKNOWN_ADDRESS;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((g) => Number.parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}
