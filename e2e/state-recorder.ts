/**
 * An in-page state recorder: records every distinct state of watched rows or panels with the time
 * the page showed it, and every click in them. A state that lasts less than a locator assertion's
 * poll (a fast ERP, a busy machine) is still seen, and the assertions read what the page showed,
 * not when this process got to look.
 *
 * A state reads "<status or alert text> | <buttons>", e.g.
 * "Asking the ERP… | Submitted… (disabled), Cancel".
 */
import type { Page } from "@playwright/test";

/** One state of a watched element as the page showed it, and when it appeared (epoch ms). */
export interface RecordedState {
  at: number;
  /** "<status or alert text> | <buttons>", e.g. "Asking the ERP… | Submitted… (disabled), Cancel". */
  state: string;
}
export interface StateRecord {
  states: Record<string, RecordedState[]>;
  /** When each click in a watched element happened (epoch ms, the event's own time). */
  clicks: Record<string, number[]>;
}

/**
 * What to watch: table rows ("rows", named by their row header, which must contain the name: a
 * product name, an order number) or titled panels ("panels", `<section aria-labelledby>`, named
 * exactly by their heading: "Warranty", "Create order", "Dashboard").
 */
export interface Watch {
  kind: "rows" | "panels";
  names: string[];
}

type Recording = Window & {
  __states?: StateRecord;
  __describeHtml?: (html: string, name: string) => string | null;
};

/**
 * Runs in the page (through `evaluate` or `addInitScript`): records every distinct state of the
 * watched elements from the moment the document is parsed, and every click in them. Also exposes
 * `__describeHtml`, which describes an element of a server-rendered document the same way.
 * One watch per document: a second call keeps the first.
 */
export function recordStates({ kind, names }: Watch) {
  const w = window as Recording;
  if (w.__states) return;
  const record: StateRecord = (w.__states = {
    states: Object.fromEntries(names.map((name) => [name, []])),
    clicks: Object.fromEntries(names.map((name) => [name, []])),
  });
  const selector = kind === "rows" ? "tbody tr" : "section[aria-labelledby]";
  const nameOf = (element: Element) => {
    if (kind === "rows") {
      const header = element.querySelector('th[scope="row"]')?.textContent ?? "";
      return names.find((name) => header.includes(name));
    }
    const id = element.getAttribute("aria-labelledby") ?? "";
    const heading = element.ownerDocument.getElementById(id)?.textContent?.trim() ?? "";
    return names.find((name) => heading === name);
  };
  const describe = (element: Element) => {
    const text = (s: string) => element.querySelector(s)?.textContent?.trim();
    // A button as it is seen: its visible text (not the words only a screen reader gets).
    const seen = (b: HTMLButtonElement) =>
      [...b.childNodes]
        .filter((n) => !(n instanceof HTMLElement && n.classList.contains("sr-only")))
        .map((n) => n.textContent)
        .join("")
        .trim();
    const buttons = [...element.querySelectorAll("button")].map(
      (b) => `${seen(b)}${b.disabled || b.getAttribute("aria-disabled") === "true" ? " (disabled)" : ""}`,
    );
    return `${text('[data-testid="status"]') ?? text('[role="alert"]') ?? ""} | ${buttons.join(", ")}`;
  };
  const snapshot = () => {
    // Only complete elements: while the parser is still adding them, one can be half there.
    if (document.readyState === "loading") return;
    for (const element of document.querySelectorAll(selector)) {
      const name = nameOf(element);
      if (!name) continue;
      const seen = record.states[name]!;
      const state = describe(element);
      if (seen.at(-1)?.state !== state) seen.push({ at: performance.timeOrigin + performance.now(), state });
    }
  };
  new MutationObserver(snapshot).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  document.addEventListener("readystatechange", snapshot);
  window.addEventListener(
    "click",
    (event) => {
      const element = event.target instanceof Element ? event.target.closest(selector) : null;
      const name = element && nameOf(element);
      if (name) record.clicks[name]!.push(performance.timeOrigin + event.timeStamp);
    },
    true,
  );
  w.__describeHtml = (html, name) => {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const element = [...parsed.querySelectorAll(selector)].find((e) => nameOf(e) === name);
    return element ? describe(element) : null;
  };
  snapshot();
}

/** Everything recorded in the current document so far. */
export const readStates = (page: Page) => page.evaluate(() => (window as Recording).__states!);

/** How the recorder describes the element `name` in a server-rendered document (null: not in it). */
export const describeHtml = (page: Page, html: string, name: string) =>
  page.evaluate(([body, n]) => (window as Recording).__describeHtml!(body, n), [html, name] as const);

/** Starts recording in the current document; `read()` returns what was seen. */
export async function recordNow(page: Page, watch: Watch) {
  await page.evaluate(recordStates, watch);
  return {
    read: () => readStates(page),
    /** The states of `name` from its last click on (the click must have happened). */
    sinceLastClick: async (name: string) => {
      const { states, clicks } = await readStates(page);
      const clickAt = clicks[name]!.at(-1);
      if (clickAt === undefined) throw new Error(`no click recorded in ${name}`);
      return { clickAt, states: states[name]!.filter((s) => s.at >= clickAt) };
    },
  };
}

/** Starts recording the rows of `names` in the current document. */
export const recordRowsNow = (page: Page, names: string[]) => recordNow(page, { kind: "rows", names });

/** The pending state as `desk.expectPending` asserts it: a disabled "Submitted…" and "Asking the ERP…". */
export const isPending = (s: RecordedState) => s.state.startsWith("Asking the ERP… | Submitted… (disabled)");
/** Pending at either step: the lookup, or (for an expired warranty) the extension offers after it. */
export const isBusy = (s: RecordedState) =>
  isPending(s) || s.state.startsWith("Asking for extension offers… | Submitted… (disabled)");
export const isResult = (text: string) => (s: RecordedState) => s.state.startsWith(`${text} | `);
/** The states one after the other, for assertion messages. */
export const timeline = (states: RecordedState[]) => states.map((s) => s.state).join(" → ");
