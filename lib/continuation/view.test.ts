import { describe, expect, it } from "vitest";
import { laterView, type ContinuationView } from "./engine/view";

const view = (over: Partial<ContinuationView> = {}): ContinuationView => ({
  id: "c-1",
  status: "pending",
  step: 0,
  subject: null,
  createdAt: "2026-12-05T10:00:00.000Z",
  updatedAt: "2026-12-05T10:00:00.000Z",
  finishedAt: null,
  deadlineAt: "2026-12-05T10:02:00.000Z",
  result: null,
  error: null,
  callouts: [{ label: "order", state: "sent", statusCode: null }],
  summary: null,
  ...over,
});

describe("laterView: views that arrive out of order never put a page back", () => {
  const completed = view({ status: "completed", updatedAt: "2026-12-05T10:00:01.000Z", result: { ok: 1 } });

  it("keeps a completed view when a read started earlier answers with pending", () => {
    expect(laterView(completed, view())).toBe(completed);
  });

  it("takes a later transition", () => {
    expect(laterView(view(), completed)).toBe(completed);
  });

  it("takes a retry after a failure: a later updatedAt wins over finished", () => {
    const failed = view({ status: "failed", updatedAt: "2026-12-05T10:00:01.000Z" });
    const retried = view({ updatedAt: "2026-12-05T10:00:05.000Z" });
    expect(laterView(failed, retried)).toBe(retried);
  });

  it("orders views of the same instant by finished, then step, then callout progress", () => {
    const at = "2026-12-05T10:00:01.000Z";
    const sent = view({ updatedAt: at });
    const answered = view({ updatedAt: at, callouts: [{ label: "order", state: "done", statusCode: 201 }] });
    expect(laterView(answered, sent)).toBe(answered);
    expect(laterView(view({ updatedAt: at, step: 2 }), view({ updatedAt: at, step: 1 })).step).toBe(2);
    expect(laterView(view({ updatedAt: at, status: "failed" }), answered).status).toBe("failed");
  });

  it("takes the incoming view on a tie, when nothing is cached, or for another continuation", () => {
    const same = view();
    expect(laterView(view(), same)).toBe(same);
    expect(laterView(undefined, same)).toBe(same);
    const other = view({ id: "c-2" });
    expect(laterView(completed, other)).toBe(other);
  });
});
