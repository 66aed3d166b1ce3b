import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * True when an `Authorization` header carries exactly `expected` as its Bearer token. Compared in
 * constant time (both sides hashed to one length first, so neither the token's content nor its
 * length leaks through timing). False when no token is configured (`expected` undefined or empty).
 */
export function hasBearerToken(authorization: string | null, expected: string | undefined): boolean {
  if (!expected || !authorization) return false;
  const token = BEARER.exec(authorization)?.[1];
  if (!token) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(token), digest(expected));
}
