import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import type { ClickOutcome, LabMode } from "./lab-types";

/** What one simulated agent's click asks for. */
export type LoadOperation =
  | { kind: "warranty"; mode: LabMode; productIds: readonly string[] }
  /** The three-step order chain (always a continuation). */
  | { kind: "order"; productIds: readonly string[] };

export interface LoadOptions {
  /** The app, e.g. http://127.0.0.1:3000 (its real endpoints are called). */
  baseUrl: string;
  /** The session cookie the simulated agents send. */
  cookie: string;
  /** Where warranty clicks go (default `/api/warranty-lookups`; the lab has its own twin). */
  lookupPath?: string;
  operation: LoadOperation;
  agents: number;
  /** Agents keep clicking until this much time has passed (a click started before the end finishes). */
  durationMs: number;
  /** Or: each agent clicks this many times, then stops (scale runs: one click each). */
  clicksPerAgent?: number;
  /**
   * The mean pause between an answer and the agent's next click (default 1 s). Pauses are drawn
   * from a negative exponential distribution (as in TPC benchmarks), so agents do not fall into
   * lockstep; 0 means none.
   */
  thinkMs?: number;
  /** The agents' first clicks are spread evenly over this long (default 1 s). */
  rampMs?: number;
  /** Stops the run early: no new clicks; clicks in flight are still followed to their answer. */
  signal?: AbortSignal;
  /**
   * Sockets to the app at most (default: one per agent). Clicks beyond it wait in this process:
   * for thousands of agents, so the app's accept queue does not overflow.
   */
  maxConnections?: number;
  /** Called for every answered click. */
  onClick?: (click: ClickRecord) => void;
  /** Called when a click goes out. */
  onClickStarted?: () => void;
}

export interface ClickRecord {
  agent: number;
  /** When the click went out, in ms since the run started. */
  startedAtMs: number;
  /** Click to result (or to the refusal or failure), in ms. */
  latencyMs: number;
  outcome: ClickOutcome;
  /** What the agent saw when it did not succeed. */
  message: string | null;
}

interface Answer {
  outcome: ClickOutcome;
  message: string | null;
}

interface ContinuationEvent {
  id: string;
  status: "pending" | "completed" | "failed" | "cancelled";
  error: { code: string; message: string } | null;
}

const REFUSED_CODES = new Set(["CONCURRENT_REQUESTS_LIMIT"]);

/**
 * Simulated agents clicking against the app's real HTTP endpoints, as a browser would: each agent
 * clicks, waits for the result, pauses, clicks again. Continuations are followed on the event
 * stream the desk itself uses (`/api/continuations/events`), with a slow poll as a safety net.
 * Used by the lab (on the server) and by `npm run bench` (in its own process).
 */
export async function generateLoad(options: LoadOptions): Promise<ClickRecord[]> {
  const dispatcher = new Agent({
    keepAliveTimeout: 30_000,
    connections: options.maxConnections ?? options.agents,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const headers = { cookie: options.cookie, "content-type": "application/json" };
  const records: ClickRecord[] = [];
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const thinkMs = options.thinkMs ?? 1_000;
  const rampMs = options.rampMs ?? 1_000;
  const follower = await followContinuations(options.baseUrl, options.cookie);
  const { operation } = options;
  let counter = 0;

  const send = async (path: string, body: unknown) => {
    const response = await request(new URL(path, options.baseUrl), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      dispatcher,
    });
    const text = await response.body.text();
    return { status: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  const click = async (): Promise<Answer> => {
    const productId = operation.productIds[counter++ % operation.productIds.length] ?? "";
    const { status, json } =
      operation.kind === "order"
        ? await send("/api/orders", { productId, quantity: 1, customerReference: `LOAD-${counter}` })
        : await send(options.lookupPath ?? "/api/warranty-lookups", { productId, mode: operation.mode });
    if (status === 202) return follower.wait(String(json.id));
    if (status === 200) return { outcome: "succeeded", message: null };
    const error = json.error as { code?: string; message?: string } | undefined;
    return {
      outcome: error?.code && REFUSED_CODES.has(error.code) ? "refused" : "failed",
      message: error?.message ?? `HTTP ${status}`,
    };
  };

  const runAgent = async (agent: number) => {
    await sleep((rampMs * agent) / options.agents);
    for (let clicks = 0; ; clicks++) {
      if (options.signal?.aborted) return;
      if (
        options.clicksPerAgent !== undefined
          ? clicks >= options.clicksPerAgent
          : elapsed() >= options.durationMs
      )
        return;
      const startedAtMs = elapsed();
      options.onClickStarted?.();
      let answer: Answer;
      try {
        answer = await click();
      } catch (error) {
        answer = { outcome: "failed", message: `The app did not answer: ${describe(error)}` };
      }
      const record = { agent, startedAtMs, latencyMs: elapsed() - startedAtMs, ...answer };
      records.push(record);
      options.onClick?.(record);
      if (thinkMs > 0) await sleep(thinkTime(thinkMs));
    }
  };

  try {
    await Promise.all(Array.from({ length: options.agents }, (_, agent) => runAgent(agent)));
  } finally {
    follower.close();
    await dispatcher.close();
  }
  return records;
}

/**
 * Follows continuations to their end over one event stream. Answers that arrive before anyone
 * waits for them are kept; every 5 s the ones still awaited are also asked for directly.
 */
async function followContinuations(baseUrl: string, cookie: string) {
  // Sockets of its own: the stream holds one for good, and must never take the clicks' last one.
  const dispatcher = new Agent({ connections: 8, headersTimeout: 0, bodyTimeout: 0 });
  const finished = new Map<string, Answer>();
  const waiting = new Map<string, (answer: Answer) => void>();
  const controller = new AbortController();

  const settle = (event: ContinuationEvent) => {
    if (event.status === "pending") return;
    const answer: Answer =
      event.status === "completed"
        ? { outcome: "succeeded", message: null }
        : { outcome: "failed", message: event.error?.message ?? event.status };
    const resolve = waiting.get(event.id);
    if (resolve) {
      waiting.delete(event.id);
      resolve(answer);
    } else {
      finished.set(event.id, answer);
    }
  };

  const stream = await request(new URL("/api/continuations/events", baseUrl), {
    headers: { cookie, accept: "text/event-stream" },
    signal: controller.signal,
    dispatcher,
  });
  if (stream.statusCode !== 200) {
    throw new Error(`The event stream answered HTTP ${stream.statusCode} (is the cookie signed in?).`);
  }
  void (async () => {
    let buffer = "";
    try {
      for await (const chunk of stream.body) {
        buffer += (chunk as Buffer).toString("utf8");
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data: "))
            .map((line) => line.slice(6))
            .join("\n");
          if (block.includes("event: continuation") && data) settle(JSON.parse(data) as ContinuationEvent);
        }
      }
    } catch {
      // closed: the poll below carries on
    }
  })();

  const poll = setInterval(() => {
    for (const id of [...waiting.keys()].slice(0, 200)) {
      void request(new URL(`/api/continuations/${id}`, baseUrl), { headers: { cookie }, dispatcher })
        .then((response) => response.body.json() as Promise<ContinuationEvent>)
        .then(settle)
        .catch(() => undefined);
    }
  }, 5_000);
  poll.unref();

  return {
    wait(id: string): Promise<Answer> {
      const known = finished.get(id);
      if (known) {
        finished.delete(id);
        return Promise.resolve(known);
      }
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    close() {
      clearInterval(poll);
      controller.abort();
      void dispatcher.destroy();
    },
  };
}

/** A negative-exponential pause with the given mean, capped at 10 times the mean. */
function thinkTime(meanMs: number): number {
  return Math.min(10 * meanMs, -meanMs * Math.log(1 - Math.random()));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
