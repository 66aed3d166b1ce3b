import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { prismaThrottleLimiters } from "@/lib/server/sign-in";
import { createTestDb, openAnotherInstance } from "@/lib/testing/test-db";
import {
  createSignInThrottle,
  DEFAULT_SIGN_IN_THROTTLE,
  SignInThrottleSettingsSchema,
  type SignInThrottle,
  type SignInThrottleSettings,
} from "./sign-in-throttle";

// The throttle on rate-limiter-flexible's Prisma store, against the real database (SQLite here;
// PostgreSQL under TEST_DB_PROVIDER=postgres). Time is moved with a fake clock (Date only): the
// store compares expiry times the process gives it, so no test waits for a delay to pass.

let db: Db;
let url: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, url, cleanup } = await createTestDb());
});
afterAll(() => cleanup());

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-05T09:00:00Z"));
  await db.signInThrottle.deleteMany();
});
afterEach(() => vi.useRealTimers());

const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

/** Settings where only the (name, address) rule bites unless a test says otherwise. */
function settings(overrides: Partial<SignInThrottleSettings> = {}): SignInThrottleSettings {
  return {
    perNameAndAddress: { delayAfter: 3, lockAfter: 6 },
    perName: { delayAfter: 100, lockAfter: 200 },
    perAddress: { delayAfter: 100, lockAfter: 200 },
    lockSeconds: 600,
    windowSeconds: 3600,
    ...overrides,
  };
}

const throttleOn = (database: Db, s: SignInThrottleSettings) =>
  createSignInThrottle(s, prismaThrottleLimiters(database, { sweepExpired: false }));

const PASSWORD = "right-password";
const AGENTS: Record<string, string> = { alice: "agent-alice" };

/** A throttle whose password check knows alice, and counts how often it ran. */
function desk(s: SignInThrottleSettings, database: Db = db) {
  const throttle: SignInThrottle = throttleOn(database, s);
  const checked = { count: 0 };
  const signIn = (username: string, address: string, password = "wrong-password") =>
    throttle.attempt({ username, address }, async () => {
      checked.count++;
      return password === PASSWORD ? (AGENTS[username] ?? null) : null;
    });
  return { throttle, checked, signIn };
}

/** Wrong passwords until the throttle refuses one; the wait it asked for each time. */
async function failUntilLocked(signIn: ReturnType<typeof desk>["signIn"], username: string, address: string) {
  const waits: number[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await signIn(username, address);
    if (result.outcome === "locked") {
      waits.push(result.retryAfterSeconds);
      if (result.retryAfterSeconds >= 600) return waits;
      advance(result.retryAfterSeconds);
    } else {
      expect(result.outcome).toBe("failed");
    }
  }
  throw new Error(`never locked; waits so far: ${waits.join(", ")}`);
}

describe("the sign-in throttle", () => {
  it("lets a few failures pass, then makes each next attempt wait longer, then locks", async () => {
    const { signIn, checked } = desk(settings());
    for (let i = 0; i < 3; i++) expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    // The 4th failure is the first past delayAfter: the next attempt waits 1 s, then 2 s…
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    advance(1);
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 2 });
    advance(2);
    // …and the 6th (lockAfter) locks the pair for lockSeconds.
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 600 });
    advance(599);
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    expect(checked.count).toBe(6);

    // While locked, even the right password is not checked.
    expect(await signIn("alice", "10.0.0.1", PASSWORD)).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    expect(checked.count).toBe(6);
    advance(1);
    expect(await signIn("alice", "10.0.0.1", PASSWORD)).toEqual({
      outcome: "signed-in",
      agent: "agent-alice",
    });
  });

  it("throttles an agent name that does not exist exactly like one that does", async () => {
    const { signIn } = desk(settings());
    const known = await failUntilLocked(signIn, "alice", "10.0.0.1");
    const unknown = await failUntilLocked(signIn, "mallory", "10.0.0.1");
    expect(unknown).toEqual(known);
    expect(known).toEqual([1, 2, 600]);
  });

  it("counts an agent name however it is typed", async () => {
    const { signIn } = desk(settings());
    for (const typed of ["alice", " ALICE ", "Alice", "ａｌｉｃｅ"]) {
      expect((await signIn(typed, "10.0.0.1")).outcome).toBe("failed");
    }
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
  });

  it("keeps its counts across a restart and shares them with another instance", async () => {
    const first = desk(settings());
    for (let i = 0; i < 4; i++) await first.signIn("alice", "10.0.0.1");

    const restarted = desk(settings());
    expect(await restarted.signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });

    const other = openAnotherInstance(url);
    try {
      const elsewhere = desk(settings(), other.db);
      expect(await elsewhere.signIn("alice", "10.0.0.1")).toEqual({
        outcome: "locked",
        retryAfterSeconds: 1,
      });
      advance(1);
      expect(await elsewhere.signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
      // The failure counted there is seen here: the next wait is 2 s.
      expect(await restarted.signIn("alice", "10.0.0.1")).toEqual({
        outcome: "locked",
        retryAfterSeconds: 2,
      });
    } finally {
      await other.close();
    }
  });

  it("clears the failures of its own name and address when the agent signs in", async () => {
    const { signIn } = desk(settings());
    for (let i = 0; i < 3; i++) await signIn("alice", "10.0.0.1");
    expect((await signIn("alice", "10.0.0.1", PASSWORD)).outcome).toBe("signed-in");
    // Three more failures are free again; without the reset the first would open a delay.
    for (let i = 0; i < 3; i++) expect((await signIn("alice", "10.0.0.1")).outcome).toBe("failed");
    expect((await signIn("alice", "10.0.0.1")).outcome).toBe("failed");
    expect((await signIn("alice", "10.0.0.1")).outcome).toBe("locked");
  });

  it("does not forgive the name's failures from other addresses when the agent signs in", async () => {
    const { signIn } = desk(settings({ perName: { delayAfter: 4, lockAfter: 8 } }));
    for (let i = 0; i < 3; i++) await signIn("alice", "10.0.0.1");
    await signIn("alice", "10.0.0.2");
    // alice signs in from her own address (twice): her name keeps its 4 failures.
    expect((await signIn("alice", "192.168.1.7", PASSWORD)).outcome).toBe("signed-in");
    expect((await signIn("alice", "192.168.1.7", PASSWORD)).outcome).toBe("signed-in");
    // One more failure from a new address is the name's 5th: every address now waits, alice too.
    expect(await signIn("alice", "10.0.0.3")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.4")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    expect(await signIn("alice", "192.168.1.7", PASSWORD)).toEqual({
      outcome: "locked",
      retryAfterSeconds: 1,
    });
  });

  it("does not lift another address's delay when the agent signs in", async () => {
    const { signIn } = desk(settings());
    for (let i = 0; i < 4; i++) await signIn("alice", "10.0.0.1");
    expect((await signIn("alice", "192.168.1.7", PASSWORD)).outcome).toBe("signed-in");
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    advance(1);
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 2 });
  });

  it("slows one address trying many agent names", async () => {
    const { signIn } = desk(settings({ perAddress: { delayAfter: 3, lockAfter: 5 } }));
    for (const name of ["ann", "ben", "cat", "dan"]) {
      expect(await signIn(name, "10.0.0.1")).toEqual({ outcome: "failed" });
    }
    expect(await signIn("eve", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 1 });
    // Another address is not affected.
    expect(await signIn("eve", "10.0.0.2")).toEqual({ outcome: "failed" });
  });

  it("checks no more passwords for a burst of parallel guesses than for the same guesses in a row", async () => {
    const { signIn, checked } = desk(settings());
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn("alice", "10.0.0.1")));
    // 3 free failures and the one that claimed the first delay; the other 16 were refused unchecked.
    expect(checked.count).toBe(4);
    expect(results.filter((r) => r.outcome === "failed")).toHaveLength(4);
    expect(results.filter((r) => r.outcome === "locked")).toHaveLength(16);
    // Refused attempts were not counted as failures: after the delay (the winner's: 1 s if the 4th
    // attempt claimed it, the lock if a later one did), the 5th failure waits 2 s.
    const open = await signIn("alice", "10.0.0.1");
    if (open.outcome !== "locked") throw new Error(`expected a delay, got ${open.outcome}`);
    advance(open.retryAfterSeconds);
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "failed" });
    expect(await signIn("alice", "10.0.0.1")).toEqual({ outcome: "locked", retryAfterSeconds: 2 });
  });

  it("forgets failures a window after the first", async () => {
    const { signIn } = desk(settings({ windowSeconds: 60 }));
    for (let i = 0; i < 3; i++) await signIn("alice", "10.0.0.1");
    advance(60);
    for (let i = 0; i < 3; i++) expect((await signIn("alice", "10.0.0.1")).outcome).toBe("failed");
  });
});

describe("the sign-in throttle settings", () => {
  it("default every part that configuration leaves out", () => {
    expect(SignInThrottleSettingsSchema.parse({})).toEqual(DEFAULT_SIGN_IN_THROTTLE);
    expect(SignInThrottleSettingsSchema.parse({ perName: { lockAfter: 50 }, lockSeconds: 60 })).toEqual({
      ...DEFAULT_SIGN_IN_THROTTLE,
      perName: { delayAfter: DEFAULT_SIGN_IN_THROTTLE.perName.delayAfter, lockAfter: 50 },
      lockSeconds: 60,
    });
  });

  it("refuse unknown keys, a delay after the lock, and counts that are not whole and positive", () => {
    expect(SignInThrottleSettingsSchema.safeParse({ perUser: {} }).success).toBe(false);
    expect(SignInThrottleSettingsSchema.safeParse({ perName: { delay: 3 } }).success).toBe(false);
    expect(SignInThrottleSettingsSchema.safeParse({ perName: { delayAfter: 9, lockAfter: 8 } }).success).toBe(
      false,
    );
    expect(SignInThrottleSettingsSchema.safeParse({ lockSeconds: 0 }).success).toBe(false);
    expect(SignInThrottleSettingsSchema.safeParse({ windowSeconds: 1.5 }).success).toBe(false);
  });
});
