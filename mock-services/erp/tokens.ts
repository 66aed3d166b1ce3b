import { randomBytes } from "node:crypto";

/** In-memory store of issued OAuth access tokens. */
export interface TokenStore {
  /** Issues a fresh random token valid for `ttlSeconds` from now. */
  issue(ttlSeconds: number): string;
  /** True when the token was issued by this server and has not expired yet. */
  isValid(token: string): boolean;
  /** Forgets every token (admin reset). */
  clear(): void;
}

/** Creates a token store; `now` is injectable so tests can move past expiry. */
export function createTokenStore(now: () => Date): TokenStore {
  const expiryByToken = new Map<string, number>();

  // Drop expired tokens on each issue so a long-running mock does not grow without bound.
  const prune = (at: number): void => {
    for (const [token, expiresAt] of expiryByToken) {
      if (expiresAt <= at) expiryByToken.delete(token);
    }
  };

  return {
    issue(ttlSeconds) {
      const issuedAt = now().getTime();
      prune(issuedAt);
      const token = randomBytes(32).toString("base64url");
      expiryByToken.set(token, issuedAt + ttlSeconds * 1000);
      return token;
    },
    isValid(token) {
      const expiresAt = expiryByToken.get(token);
      return expiresAt !== undefined && now().getTime() < expiresAt;
    },
    clear() {
      expiryByToken.clear();
    },
  };
}
