import { apiError } from "@/lib/http/api";
import { createStreamSlots } from "@/lib/http/stream-slots";
import { apiRoute } from "@/lib/server/api";
import { getRuntime } from "@/lib/server/runtime";
import { currentSessionId, findLiveSession, sessionKey } from "@/lib/server/session";
import { singleton } from "@/lib/server/singleton";
import { getMetrics } from "@/lib/server/telemetry/metrics";

export const dynamic = "force-dynamic";

const KEEPALIVE_MS = 15_000;
/** How often a stream checks that its session still exists. */
const SESSION_RECHECK_MS = 5_000;

/** Live streams one session may hold on this instance (a page holds one: one per open tab). */
const STREAMS_PER_SESSION = 6;
const slots = () => singleton("event-stream-slots", () => createStreamSlots(STREAMS_PER_SESSION));

/**
 * Server-sent events: every change of the signed-in agent's continuations, as `continuation`
 * events carrying the owner's view. One stream per page (the browser's ContinuationBroker); at
 * most STREAMS_PER_SESSION at once per session, beyond which it answers 429.
 */
export const GET = apiRoute({ access: "agent" }, async ({ request, agent }) => {
  const release = slots().take((await sessionKey()) ?? agent.id);
  if (!release) {
    return apiError(
      {
        code: "TOO_MANY_STREAMS",
        message: `This session already has ${STREAMS_PER_SESSION} live pages open; close one and reload.`,
      },
      429,
      { "retry-after": "30" },
    );
  }
  const sessionId = await currentSessionId();
  const runtime = getRuntime();
  const encoder = new TextEncoder();
  const untrack = getMetrics().openEventStream();
  let stop = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const end = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the stream is already closed
        }
      };
      // This instance's own transitions carry the owner's view: sent as they are, no read. A change
      // relayed from another instance is read, one read per continuation at a time: changes that
      // arrive meanwhile are folded into one more read (never sent ahead of it, so order holds).
      const reading = new Map<string, boolean>(); // id -> changed again while reading
      const relay = async (id: string): Promise<void> => {
        reading.set(id, false);
        const view = await runtime.view(id, agent.id).catch(() => null);
        if (view) send(`event: continuation\ndata: ${JSON.stringify(view)}\n\n`);
        if (reading.get(id)) return relay(id);
        reading.delete(id);
      };
      const unsubscribe = runtime.subscribe(({ id, ownerId, view }) => {
        if (ownerId !== agent.id) return;
        if (reading.has(id)) reading.set(id, true);
        else if (view) send(`event: continuation\ndata: ${JSON.stringify(view)}\n\n`);
        else void relay(id);
      });
      const keepalive = setInterval(() => send(": keepalive\n\n"), KEEPALIVE_MS);
      // Signed out elsewhere (another tab, the desk for an embedded frame): say so and end, so the
      // page stops following work that is no longer its agent's to see.
      const recheck = setInterval(async () => {
        if (sessionId && (await findLiveSession(sessionId).catch(() => true))) return;
        send("event: signed-out\ndata: {}\n\n");
        end();
      }, SESSION_RECHECK_MS);
      // On shutdown the stream ends; the browser reconnects (to this instance restarted, or another).
      const unsubscribeClose = runtime.onClose(() => end());
      stop = () => {
        release();
        untrack();
        clearInterval(keepalive);
        clearInterval(recheck);
        unsubscribe();
        unsubscribeClose();
      };
      request.signal.addEventListener("abort", () => end());
      send("retry: 2000\n\n");
    },
    cancel() {
      stop();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
