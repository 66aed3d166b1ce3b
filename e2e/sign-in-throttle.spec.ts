import type { APIResponse, Page } from "@playwright/test";
import { Agent, request as send } from "undici";
import { expect, isServerAction, test } from "./fixtures";

// The sign-in throttle with its production defaults (lib/auth/sign-in-throttle.ts): 5 failures
// of one name from one address are free, then each next attempt waits 1 s, 2 s, 4 s, 8 s, and the
// 10th failure locks the name at that address for 15 minutes. Every spec signs in from 127.0.0.1,
// so these tests use agent names of their own (that no agent has) and stay far below the
// per-address rule (30 failures), which would slow every other spec's sign-in.

const WRONG = "not-the-password";
const TOO_MANY = /^Too many attempts; try again in (\d+) s\.$/;
/** Enough attempts to reach the lock even if every delay had passed before the next attempt. */
const MAX_ATTEMPTS = 11;

const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test("An agent who keeps typing wrong passwords is told to wait before trying again", async ({ page }) => {
  await page.goto("/sign-in");
  const answers: string[] = [];
  while (answers.length < MAX_ATTEMPTS && !TOO_MANY.test(answers.at(-1) ?? "")) {
    await page.getByLabel("Agent").fill("eve-throttled-form");
    await page.getByLabel("Password").fill(WRONG);
    const answered = page.waitForResponse(isServerAction);
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    answers.push((await formAlert(page).textContent()) ?? "");
  }
  expect(answers.slice(0, 5)).toEqual(Array(5).fill("Unknown agent or wrong password."));
  const refusal = answers.at(-1) ?? "";
  expect(refusal, `answers: ${answers.join(" | ")}`).toMatch(TOO_MANY);
  expect(Number(TOO_MANY.exec(refusal)?.[1])).toBeGreaterThanOrEqual(1);
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("A script guessing passwords gets 429 with Retry-After, and a forged X-Forwarded-For does not help", async ({
  request,
  baseURL,
}) => {
  const statuses: number[] = [];
  let refused: APIResponse | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && !refused; attempt++) {
    const response = await request.post("/api/sessions", {
      data: { username: "eve-throttled-api", password: WRONG },
      // A different made-up address each time: were it believed, only the per-name rule (10 free
      // failures) could refuse, and not before the 11th attempt.
      headers: { "x-forwarded-for": `198.51.100.${attempt}` },
    });
    statuses.push(response.status());
    if (response.status() === 429) refused = response;
  }
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(refused, `statuses: ${statuses.join(", ")}`).toBeDefined();
  expect(statuses.length).toBeLessThanOrEqual(10);

  const retryAfter = refused!.headers()["retry-after"];
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect(await refused!.json()).toEqual({
    error: { code: "TOO_MANY_ATTEMPTS", message: `Too many attempts; try again in ${retryAfter} s.` },
  });
  expect(refused!.headers()["set-cookie"]).toBeUndefined();

  // The same name from another (loopback) address is not held up: the address that counts is the
  // connection's own, which this process stamps on every request.
  const otherAddress = new Agent({ localAddress: "127.0.0.2" });
  try {
    const { statusCode, body } = await send(new URL("/api/sessions", baseURL), {
      method: "POST",
      dispatcher: otherAddress,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "eve-throttled-api", password: WRONG }),
    });
    expect(statusCode).toBe(401);
    await body.dump();
  } finally {
    await otherAddress.close();
  }
});

test("A sign-in request with an absurdly large body is refused unread", async ({ request }) => {
  const response = await request.post("/api/sessions", {
    data: { username: "eve-huge", password: "x".repeat(64 * 1024) },
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toEqual({
    error: { code: "BODY_TOO_LARGE", message: "The body must be at most 4 KiB." },
  });
});
