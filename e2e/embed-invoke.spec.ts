import type { Page } from "@playwright/test";
import { E2E_APP_PORT, E2E_EMBED_HOST_PORT } from "../playwright.config";
import { DEMO_PASSWORD, expect, test } from "./fixtures";
import { consoleHtml, received, serveHostPage, signInInFrame, type Received } from "./host-page";

// The protocol end to end (docs/embedding.md): a page of another site posts `invoke` and `resume`
// to the continuation proxy it frames, and hears `accepted`, `progress`, `result` and `error` back.

const APP = `http://127.0.0.1:${E2E_APP_PORT}`;
const HOST = `http://localhost:${E2E_EMBED_HOST_PORT}`;
const PROTOCOL = "warranty-desk/continuation-proxy@1";

let host: { close(): Promise<void> } | undefined;
test.beforeEach(async ({ page }) => {
  host = await serveHostPage(
    "127.0.0.1",
    E2E_EMBED_HOST_PORT,
    consoleHtml(`${APP}/embed/continuation-proxy?host=${encodeURIComponent(HOST)}`),
  );
  await page.goto(`${HOST}/console`);
  // bob: e2e/orders-page.spec.ts expects alice to have placed no orders before it runs.
  await signInInFrame(page, "bob", DEMO_PASSWORD);
});
test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** Posts `message` from the console to its proxy frame, at the desk's origin. */
const post = (page: Page, message: object) =>
  page.evaluate(
    ([m, app]) => (document.getElementById("desk") as HTMLIFrameElement).contentWindow!.postMessage(m, app),
    [message, APP] as const,
  );

const invoke = (page: Page, invocationId: string, action: string, input: object) =>
  post(page, { protocol: PROTOCOL, type: "invoke", invocationId, action, input });

/** The messages about one invocation, in order. */
const about = async (page: Page, invocationId: string): Promise<Received["data"][]> =>
  (await received(page))
    .filter((m) => m.origin === APP && m.data.invocationId === invocationId)
    .map((m) => m.data);

const settled = (messages: Received["data"][]) =>
  messages.find((m) => m.type === "result" || m.type === "error");

test("Two components invoke both actions at once, and each hears its own result", async ({ page }) => {
  const lookup = crypto.randomUUID();
  const order = crypto.randomUUID();
  await Promise.all([
    invoke(page, lookup, "getWarranty", { productId: "wd-laser-lv" }),
    invoke(page, order, "createOrder", {
      productId: "wd-drill-18v",
      quantity: 2,
      customerReference: "EMBED-1",
    }),
  ]);

  await expect.poll(async () => settled(await about(page, lookup))?.type, { timeout: 30_000 }).toBe("result");
  await expect.poll(async () => settled(await about(page, order))?.type, { timeout: 30_000 }).toBe("result");

  const lookupMessages = await about(page, lookup);
  expect(lookupMessages[0]).toMatchObject({ type: "accepted" });
  expect(settled(lookupMessages)).toMatchObject({
    action: "getWarranty",
    value: { outcome: "active", endDate: "2028-10-01" },
  });
  const orderMessages = await about(page, order);
  expect(orderMessages[0]).toMatchObject({ type: "accepted" });
  expect(orderMessages.some((m) => m.type === "progress")).toBe(true);
  expect(settled(orderMessages)).toMatchObject({
    action: "createOrder",
    value: { quantity: 2, customerReference: "EMBED-1", orderNumber: expect.stringMatching(/^SO-\d{6}$/) },
  });
  // Each component's messages name its own invocation, and only its own ticket.
  expect((lookupMessages[0] as { ticket: string }).ticket).not.toBe(
    (orderMessages[0] as { ticket: string }).ticket,
  );
});

test("An action not exposed, bad input, and a replayed id are refused, and nothing starts", async ({
  page,
}) => {
  const forged = crypto.randomUUID();
  await invoke(page, forged, "cancelEverything", {});
  const bad = crypto.randomUUID();
  await invoke(page, bad, "createOrder", {
    productId: "wd-drill-18v",
    quantity: "7",
    customerReference: "X",
  });
  await expect
    .poll(async () => settled(await about(page, forged)))
    .toMatchObject({ type: "error", code: "UNKNOWN_ACTION" });
  await expect
    .poll(async () => settled(await about(page, bad)))
    .toMatchObject({
      type: "error",
      code: "INVALID_INPUT",
    });

  const once = crypto.randomUUID();
  await invoke(page, once, "getWarranty", { productId: "wd-gen-3kw" });
  await expect.poll(async () => settled(await about(page, once))?.type, { timeout: 30_000 }).toBe("result");
  await invoke(page, once, "getWarranty", { productId: "wd-gen-3kw" });
  await expect
    .poll(async () => (await about(page, once)).filter((m) => m.type === "error"))
    .toEqual([expect.objectContaining({ code: "DUPLICATE_INVOCATION" })]);
  expect((await about(page, once)).filter((m) => m.type === "accepted")).toHaveLength(1);
});

test("An invocation survives a reload of the proxy frame: the host resumes it", async ({ page, erp }) => {
  await erp.fault({ mode: "latency", latencyMs: 3000, count: 1 });
  const id = crypto.randomUUID();
  await invoke(page, id, "getWarranty", { productId: "wd-wash-hp" });
  await expect.poll(async () => (await about(page, id))[0]?.type).toBe("accepted");

  // The frame reloads mid-lookup: it has forgotten everything; the host asks again.
  const readies = async () => (await received(page)).filter((m) => m.data.type === "ready").length;
  const before = await readies();
  await page.evaluate(() => {
    const frame = document.getElementById("desk") as HTMLIFrameElement;
    frame.src = frame.src;
  });
  await expect.poll(readies).toBe(before + 1);
  await post(page, { protocol: PROTOCOL, type: "resume", invocationIds: [id, crypto.randomUUID()] });
  await expect.poll(async () => settled(await about(page, id))?.type, { timeout: 30_000 }).toBe("result");
  expect((await about(page, id)).filter((m) => m.type === "accepted")).toHaveLength(2);
});

test("Messages from anyone but the framing host are ignored", async ({ page, context }) => {
  // A page on a third origin opens the proxy as a window of its own (it cannot frame it) and posts to it.
  const third = await serveHostPage(
    "127.0.0.2",
    E2E_EMBED_HOST_PORT + 1,
    "<!doctype html><title>Third</title>",
  );
  try {
    const attacker = await context.newPage();
    await attacker.goto(`http://127.0.0.2:${E2E_EMBED_HOST_PORT + 1}/`);
    const id = crypto.randomUUID();
    const answered = await attacker.evaluate(
      async ([app, message]) => {
        const proxy = window.open(`${app}/embed/continuation-proxy`)!;
        const answers: unknown[] = [];
        addEventListener("message", (e) => answers.push(e.data));
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        proxy.postMessage(message, app);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        proxy.close();
        return answers;
      },
      [
        APP,
        {
          protocol: PROTOCOL,
          type: "invoke",
          invocationId: id,
          action: "getWarranty",
          input: { productId: "wd-gen-3kw" },
        },
      ] as const,
    );
    expect(answered).toEqual([]);
    // Nor did anything start for bob under that id: the real host resuming it hears "unknown".
    await post(page, { protocol: PROTOCOL, type: "resume", invocationIds: [id] });
    await expect
      .poll(async () => settled(await about(page, id)))
      .toMatchObject({ code: "UNKNOWN_INVOCATION" });
  } finally {
    await third.close();
  }
});
