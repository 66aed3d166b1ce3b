import { describe, expect, it } from "vitest";
import { createBreakers, type BreakerOptions, type Breakers } from "./egress/breaker";
import { ContinuationError } from "./errors";
import type { HttpOutcome } from "./egress/http";
import { CalloutStatus } from "./status-codes";

/** The shortest open period the options allow: the half-open tests wait it out in real time. */
const HALF_OPEN_MS = 100;
const PAST_HALF_OPEN_MS = HALF_OPEN_MS + 50;

const answer = (statusCode: number): HttpOutcome => ({
  statusCode,
  headers: {},
  body: null,
  errorMessage: null,
  responseBytes: null,
});

/** Breakers for the ERP credential, and a `send` for each status that counts how often it ran. */
function erpBreakers(options: Partial<BreakerOptions> = {}, now?: () => number) {
  const breakers = createBreakers(
    ["ERP"],
    { failures: 3, halfOpenAfterMs: HALF_OPEN_MS, ...options },
    undefined,
    now,
  );
  const sent = { count: 0 };
  const call = (statusCode: number) =>
    breakers.call("ERP", async () => {
      sent.count++;
      return answer(statusCode);
    });
  return { breakers, sent, call, view: () => breakers.views()[0] };
}

async function callTimes(
  call: (statusCode: number) => Promise<HttpOutcome>,
  statusCode: number,
  times: number,
) {
  for (let i = 0; i < times; i++) await call(statusCode);
}

const waitPastHalfOpen = () => new Promise((resolve) => setTimeout(resolve, PAST_HALF_OPEN_MS));

/** A send held open until the test answers it. */
function heldSend(breakers: Breakers) {
  let answerWith: (statusCode: number) => void = () => {};
  let started = false;
  const outcome = breakers.call("ERP", () => {
    started = true;
    return new Promise<HttpOutcome>((resolve) => (answerWith = (code) => resolve(answer(code))));
  });
  return { outcome, answer: (code: number) => answerWith(code), isStarted: () => started };
}

describe("a named credential's breaker", () => {
  it.each([
    ["a timeout", CalloutStatus.TIMEOUT],
    ["a failed connection", CalloutStatus.CONNECTION_FAILED],
    ["a send error", CalloutStatus.EXCEPTION],
    ["a 500", 500],
    ["a 503", 503],
    ["a 429", 429],
  ])("opens after 3 consecutive failures with %s (%i)", async (_, statusCode) => {
    const { call, sent, view } = erpBreakers();
    await callTimes(call, statusCode, 2);
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 2 });
    expect(await call(statusCode)).toMatchObject({ statusCode });
    expect(view()).toMatchObject({ state: "open", consecutiveFailures: 3, threshold: 3 });
    expect(await call(200)).toMatchObject({ statusCode: CalloutStatus.CIRCUIT_OPEN });
    expect(sent.count).toBe(3);
  });

  it.each([
    ["a 400", 400],
    ["a 404", 404],
    ["a response too large", CalloutStatus.RESPONSE_TOO_LARGE],
  ])("does not count %s (%i) as a failure", async (_, statusCode) => {
    const { call, sent, view } = erpBreakers();
    await callTimes(call, statusCode, 5);
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect(sent.count).toBe(5);
  });

  it("starts the run of failures again after a success", async () => {
    const { call, view } = erpBreakers();
    await callTimes(call, 503, 2);
    await call(200);
    await callTimes(call, 503, 2);
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 2 });
    await call(503);
    expect(view()).toMatchObject({ state: "open" });
  });

  it("while open, answers 2005 without sending, naming the credential and when it probes again", async () => {
    const { call, sent, view } = erpBreakers({ failures: 2, halfOpenAfterMs: 60_000 });
    await callTimes(call, 503, 2);
    const outcome = await call(200);
    expect(sent.count).toBe(2);
    expect(outcome).toMatchObject({ statusCode: CalloutStatus.CIRCUIT_OPEN, body: null });
    const probeTime = view()?.probeAt?.slice(11, 19);
    expect(outcome.errorMessage).toBe(
      `ERP failed 2 times in a row; requests to it are paused until ${probeTime} UTC.`,
    );
  });

  it("keeps each credential's breaker apart: one opening never pauses another", async () => {
    const breakers = createBreakers(["ERP", "ERP_LAB"], { failures: 2, halfOpenAfterMs: 60_000 });
    const send = (statusCode: number) => async () => answer(statusCode);
    await breakers.call("ERP_LAB", send(503));
    await breakers.call("ERP_LAB", send(503));
    expect(await breakers.call("ERP_LAB", send(200))).toMatchObject({
      statusCode: CalloutStatus.CIRCUIT_OPEN,
    });
    expect(await breakers.call("ERP", send(200))).toMatchObject({ statusCode: 200 });
    expect(breakers.views().map((v) => [v.credential, v.state])).toEqual([
      ["ERP", "closed"],
      ["ERP_LAB", "open"],
    ]);
  });

  it("reset() closes an open breaker and forgets its failures; false for an unknown credential", async () => {
    const { breakers, call, sent, view } = erpBreakers({ failures: 2, halfOpenAfterMs: 60_000 });
    await callTimes(call, 503, 2);
    expect(view()).toMatchObject({ state: "open" });
    expect(breakers.reset("ERP")).toBe(true);
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 0, openedAt: null, probeAt: null });
    expect(await call(200)).toMatchObject({ statusCode: 200 });
    expect(sent.count).toBe(3);
    expect(breakers.reset("NOPE")).toBe(false);
  });

  it("passes calls without a credential straight through", async () => {
    const { breakers, call } = erpBreakers({ failures: 1 });
    await call(503);
    let sent = 0;
    const outcome = await breakers.call(null, async () => {
      sent++;
      return answer(503);
    });
    expect(outcome).toMatchObject({ statusCode: 503 });
    expect(sent).toBe(1);
  });

  it("lets an error thrown by send through without counting it", async () => {
    const { breakers, call, view } = erpBreakers({ failures: 2 });
    const cancelled = new ContinuationError("CANCELLED", "cancelled");
    const throwing = () => breakers.call("ERP", () => Promise.reject(cancelled));
    await call(503);
    await expect(throwing()).rejects.toBe(cancelled);
    await expect(throwing()).rejects.toBe(cancelled);
    // Neither a failure (still closed) nor a success (the run of one 503 goes on).
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 1 });
    await call(503);
    expect(view()).toMatchObject({ state: "open" });
  });
});

describe("after halfOpenAfterMs", () => {
  it("lets one probe through, and closes when it succeeds", async () => {
    const { breakers, call, sent, view } = erpBreakers({ failures: 1 });
    await call(503);
    await waitPastHalfOpen();
    const probe = heldSend(breakers);
    expect(probe.isStarted()).toBe(true);
    expect(view()).toMatchObject({ state: "half-open", probeAt: null });
    // A call during the probe waits for its outcome instead of being sent alongside it.
    const waiting = call(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.count).toBe(1);
    probe.answer(200);
    expect(await probe.outcome).toMatchObject({ statusCode: 200 });
    expect(await waiting).toMatchObject({ statusCode: 200 });
    expect(sent.count).toBe(2);
    expect(view()).toMatchObject({ state: "closed", consecutiveFailures: 0, openedAt: null, probeAt: null });
  });

  it("opens again for another halfOpenAfterMs when the probe fails", async () => {
    const { call, sent, view } = erpBreakers({ failures: 1 });
    await call(503);
    const firstOpenedAt = view()?.openedAt ?? "";
    await waitPastHalfOpen();
    expect(await call(503)).toMatchObject({ statusCode: 503 });
    expect(view()?.state).toBe("open");
    expect(Date.parse(view()?.openedAt ?? "")).toBeGreaterThan(Date.parse(firstOpenedAt));
    expect(await call(200)).toMatchObject({ statusCode: CalloutStatus.CIRCUIT_OPEN });
    expect(sent.count).toBe(2);
  });

  // cockatiel alone would take an error thrown by the probe (a cancelled callout) as "not a
  // failure" and close the circuit, though the ERP never answered.
  it("stays open when the probe is cancelled before the ERP answered", async () => {
    const { breakers, call, view } = erpBreakers({ failures: 1 });
    await call(503);
    await waitPastHalfOpen();
    const cancelled = new ContinuationError("CANCELLED", "cancelled");
    await expect(breakers.call("ERP", () => Promise.reject(cancelled))).rejects.toBe(cancelled);
    expect(view()?.state).not.toBe("closed");
  });
});

describe("views()", () => {
  it("shows each credential closed, open with its times, then half-open once the probe is due", async () => {
    let clock = Date.parse("2026-01-15T12:00:00.000Z");
    const { call, breakers, view } = erpBreakers({ failures: 2, halfOpenAfterMs: 60_000 }, () => clock);
    expect(breakers.views()).toEqual([
      {
        credential: "ERP",
        state: "closed",
        consecutiveFailures: 0,
        threshold: 2,
        openedAt: null,
        probeAt: null,
      },
    ]);
    await callTimes(call, 503, 2);
    expect(view()).toEqual({
      credential: "ERP",
      state: "open",
      consecutiveFailures: 2,
      threshold: 2,
      openedAt: "2026-01-15T12:00:00.000Z",
      probeAt: "2026-01-15T12:01:00.000Z",
    });
    clock += 60_000;
    expect(view()).toMatchObject({ state: "half-open", openedAt: "2026-01-15T12:00:00.000Z" });
  });
});
