import { STATUS_CODES } from "node:http";
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { sendJson } from "./http-io";

/** Upper bound for any simulated latency (just above the app's longest timeout). */
export const MAX_LATENCY_MS = 130_000;

/** Every fault mode the admin API accepts. */
export const FAULT_MODES = ["latency", "status", "hang", "reset", "oversize", "malformed"] as const;

/** How a fault misbehaves. */
export type FaultMode = (typeof FAULT_MODES)[number];

/** An injected fault as stored and listed by `GET /__admin/faults`. */
export interface Fault {
  id: string;
  /** A route pattern key such as "GET /warranty/:serial", or "*" for every ERP route. */
  route: string;
  mode: FaultMode;
  latencyMs?: number;
  status?: number;
  /** Remaining number of requests this fault applies to; absent means unlimited. */
  count?: number;
  /** Share of matching requests the fault applies to; absent means all. */
  rate?: number;
  /** How many requests the fault has applied to so far. */
  applied: number;
}

/** What the faults decided for one request. */
export interface FaultPlan {
  /** Delay from a latency fault; replaces the default and `?latency` delay. */
  latencyMs: number | undefined;
  /** The fault that decides the answer instead of the route handler. */
  action: Fault | undefined;
}

const between = (name: string, min: number, max: number, what = "an integer"): z.ZodNumber => {
  const error = `${name} must be ${what} between ${min} and ${max}.`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** Builds the zod schema of a `POST /__admin/faults` body for the given route keys. */
export function faultInputSchema(knownRoutes: readonly string[]) {
  const routeError = `route must be "*" or one of: ${knownRoutes.join(", ")}.`;
  return z
    .strictObject(
      {
        route: z
          .string({ error: routeError })
          .refine((r) => r === "*" || knownRoutes.includes(r), { error: routeError }),
        mode: z.enum(FAULT_MODES, { error: `mode must be one of: ${FAULT_MODES.join(", ")}.` }),
        latencyMs: between("latencyMs", 0, MAX_LATENCY_MS).optional(),
        status: between("status", 100, 599, "an integer HTTP status").optional(),
        count: z
          .number({ error: "count must be a positive integer." })
          .int({ error: "count must be a positive integer." })
          .positive({ error: "count must be a positive integer." })
          .optional(),
        rate: z
          .number({ error: "rate must be a number between 0 and 1." })
          .min(0, { error: "rate must be a number between 0 and 1." })
          .max(1, { error: "rate must be a number between 0 and 1." })
          .optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `Unknown field(s): ${issue.keys.join(", ")}; allowed are route, mode, latencyMs, status, count, rate.`
            : "The fault must be a JSON object with route and mode.",
      },
    )
    .superRefine((input, ctx) => {
      // Reject fields that would be silently ignored: a misconfigured fault should fail loudly.
      if (input.mode === "latency" && input.latencyMs === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["latencyMs"],
          message: 'latencyMs is required for mode "latency".',
        });
      }
      if (input.mode !== "latency" && input.latencyMs !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["latencyMs"],
          message: 'latencyMs is only allowed with mode "latency".',
        });
      }
      if (input.mode !== "status" && input.status !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["status"],
          message: 'status is only allowed with mode "status".',
        });
      }
    });
}

/** A validated `POST /__admin/faults` body. */
export type FaultInput = z.infer<ReturnType<typeof faultInputSchema>>;

/** Holds the active faults and decides which apply to a request. */
export interface FaultStore {
  add(input: FaultInput): Fault;
  list(): Fault[];
  /** Removes every fault and returns how many there were. */
  clear(): number;
  /** Removes one fault; false when there is none with that id. */
  remove(id: string): boolean;
  /**
   * Picks the faults for one request to `routeKey` and counts them down: the first applying latency
   * fault sets the delay, the first applying other fault decides the answer.
   */
  plan(routeKey: string): FaultPlan;
}

/** Creates an empty fault store; `random` (default Math.random) drives `rate`. */
export function createFaultStore(random: () => number = Math.random): FaultStore {
  let faults: Fault[] = [];
  let nextId = 1;

  // A fault only "applies" once it wins its slot, so a shadowed fault keeps its count and is
  // never rolled against its rate for that request.
  const applies = (fault: Fault): boolean => fault.rate === undefined || random() < fault.rate;

  const markApplied = (fault: Fault): void => {
    fault.applied += 1;
    if (fault.count !== undefined) fault.count -= 1;
  };

  return {
    add(input) {
      const fault: Fault = {
        id: `fault-${nextId++}`,
        route: input.route,
        mode: input.mode,
        ...(input.latencyMs !== undefined && { latencyMs: input.latencyMs }),
        ...(input.mode === "status" && { status: input.status ?? 500 }),
        ...(input.count !== undefined && { count: input.count }),
        ...(input.rate !== undefined && { rate: input.rate }),
        applied: 0,
      };
      faults.push(fault);
      return { ...fault };
    },
    list() {
      return faults.map((fault) => ({ ...fault }));
    },
    clear() {
      const cleared = faults.length;
      faults = [];
      return cleared;
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length < before;
    },
    plan(routeKey) {
      const plan: FaultPlan = { latencyMs: undefined, action: undefined };
      for (const fault of faults) {
        if (fault.route !== "*" && fault.route !== routeKey) continue;
        const isLatency = fault.mode === "latency";
        if (isLatency ? plan.latencyMs !== undefined : plan.action !== undefined) continue;
        if (!applies(fault)) continue;
        markApplied(fault);
        if (isLatency) plan.latencyMs = fault.latencyMs ?? 0;
        else plan.action = { ...fault };
      }
      faults = faults.filter((fault) => fault.count === undefined || fault.count > 0);
      return plan;
    },
  };
}

// Built once: the payload is 2 MiB, comfortably over the app's 1.5 MB response limit.
let oversizePayload: string | undefined;
const getOversizePayload = (): string =>
  (oversizePayload ??= JSON.stringify({
    note: "Injected oversize response.",
    padding: "x".repeat(2 * 1024 * 1024),
  }));

// Statuses that must not carry a body (RFC 9110).
const BODILESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

// A JSON object cut off mid-string: the content type promises JSON, the body cannot be parsed.
const MALFORMED_PAYLOAD = '{"sku":"WD-DRILL-18V","name":"Cordless Dri';

/** Answers (or deliberately does not answer) a request according to a non-latency fault. */
export function applyFaultAction(fault: Fault, res: ServerResponse): void {
  switch (fault.mode) {
    case "latency":
      return; // Not an answer-deciding mode; plan() never returns it as an action.
    case "status": {
      const status = fault.status ?? 500;
      if (status < 200) {
        // A 1xx cannot end an HTTP/1.1 exchange: send it as an interim response, then stall like
        // "hang". Node has no generic API for that, hence the raw write.
        res.socket?.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Informational"}\r\n\r\n`);
      } else if (BODILESS_STATUSES.has(status)) {
        res.writeHead(status);
        res.end();
      } else {
        sendJson(res, status, {
          error: { code: "INJECTED_FAULT", message: `Injected fault: HTTP ${status}` },
        });
      }
      return;
    }
    case "hang":
      // Write nothing: the socket stays open until the client gives up or the server closes.
      return;
    case "reset": {
      const socket = res.socket;
      if (!socket) return;
      try {
        socket.resetAndDestroy(); // TCP RST, so the client sees ECONNRESET rather than a clean close.
      } catch {
        socket.destroy();
      }
      return;
    }
    case "oversize": {
      const payload = getOversizePayload();
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(payload),
      });
      res.end(payload);
      return;
    }
    case "malformed":
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(MALFORMED_PAYLOAD),
      });
      res.end(MALFORMED_PAYLOAD);
      return;
  }
}
