// The host library: what another application's page loads (`<script src="<desk>/embed/continuation-
// proxy.js">`, bundled from this file by scripts/build-embed.ts) to run the desk's actions through
// the continuation proxy. One proxy frame per page, however many components use it (the broker).
import { z } from "zod";
import { parseProxyMessage } from "./parse";
import {
  createHostMessage,
  EMBEDDABLE_ACTIONS,
  type EmbeddableAction,
  type EmbedErrorCode,
  type HostMessage,
  type ProgressStatus,
} from "./protocol";

/** What an action takes. */
export type EmbedInput<A extends EmbeddableAction> = z.input<(typeof EMBEDDABLE_ACTIONS)[A]["input"]>;
/** What an action answers. */
export type EmbedResult<A extends EmbeddableAction> = z.output<(typeof EMBEDDABLE_ACTIONS)[A]["result"]>;

/** How far an invocation has got: its step (of `steps`, when the action has fixed ones). */
export interface EmbedProgress {
  step: number;
  status: ProgressStatus;
  steps?: string[];
}

/** Who the proxy acts for: still loading, an agent, or nobody (the frame shows a Sign in button). */
export interface ProxyState {
  status: "connecting" | "signed-in" | "signed-out";
  agent?: { displayName: string };
}

/** Why an invocation failed: a code from docs/embedding.md and a sentence fit for the agent. */
export class ContinuationProxyError extends Error {
  override readonly name = "ContinuationProxyError";
  constructor(
    readonly code: EmbedErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

/** The page's broker: one proxy frame, every component's invocations routed by their ids. */
export interface ContinuationProxy {
  /** The proxy frame (its Sign in button is the agent's way in: keep it visible). */
  readonly frame: HTMLIFrameElement;
  /**
   * Runs `action` as the signed-in agent: resolves with its result, rejects with a
   * `ContinuationProxyError`. Survives a reload of the proxy frame (the broker resumes it).
   */
  invoke<A extends EmbeddableAction>(
    action: A,
    input: EmbedInput<A>,
    callbacks?: { onAccepted?(ticket: string): void; onProgress?(progress: EmbedProgress): void },
  ): Promise<EmbedResult<A>>;
  /** Calls `listener` now and on every change of the sign-in state; returns how to stop. */
  onStateChange(listener: (state: ProxyState) => void): () => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: ContinuationProxyError): void;
  onAccepted?(ticket: string): void;
  onProgress?(progress: EmbedProgress): void;
}

const brokers = new Map<string, ContinuationProxy>();

/**
 * The page's continuation proxy for the desk at `appOrigin` (created on the first call, with its
 * frame appended to `container` or the body; later calls answer the same broker).
 */
export function createContinuationProxy(options: {
  appOrigin: string;
  container?: HTMLElement;
}): ContinuationProxy {
  const appOrigin = new URL(options.appOrigin).origin;
  const known = brokers.get(appOrigin);
  if (known) return known;

  const frame = document.createElement("iframe");
  frame.src = `${appOrigin}/embed/continuation-proxy?host=${encodeURIComponent(window.location.origin)}`;
  frame.title = "Warranty Desk";
  frame.style.cssText = "border:0;width:100%;height:100%;";
  (options.container ?? document.body).append(frame);

  let state: ProxyState = { status: "connecting" };
  let isReady = false;
  const listeners = new Set<(state: ProxyState) => void>();
  const pending = new Map<string, Pending>();
  const queued: HostMessage[] = [];

  // Never "*": only the desk's frame, at the desk's origin, can read what the host sends.
  const send = (message: HostMessage) => {
    if (isReady && frame.contentWindow) frame.contentWindow.postMessage(message, appOrigin);
    else queued.push(message);
  };
  const settle = (invocationId: string, outcome: (p: Pending) => void) => {
    const invocation = pending.get(invocationId);
    if (!invocation) return; // settled already (a message may come again after a resume)
    pending.delete(invocationId);
    outcome(invocation);
  };

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    const parsed = parseProxyMessage(event.data);
    if (!parsed.ok) return;
    const message = parsed.message;
    switch (message.type) {
      case "ready": {
        state = message.signedIn ? { status: "signed-in", agent: message.agent } : { status: "signed-out" };
        for (const listener of listeners) listener(state);
        const reloaded = isReady;
        isReady = true;
        // A reloaded frame has forgotten everything: ask again for what is still awaited.
        if (reloaded && message.signedIn && pending.size > 0) {
          send(createHostMessage({ type: "resume", invocationIds: [...pending.keys()].slice(0, 50) }));
        }
        for (const queuedMessage of queued.splice(0)) send(queuedMessage);
        return;
      }
      case "accepted":
        return pending.get(message.invocationId)?.onAccepted?.(message.ticket);
      case "progress": {
        const { step, status, steps } = message;
        return pending.get(message.invocationId)?.onProgress?.({ step, status, ...(steps && { steps }) });
      }
      case "result":
        return settle(message.invocationId, (p) => p.resolve(message.value));
      case "error":
        // A refused duplicate says nothing about the invocation itself, which goes on.
        if (message.invocationId === null || message.code === "DUPLICATE_INVOCATION") return;
        return settle(message.invocationId, (p) =>
          p.reject(new ContinuationProxyError(message.code, message.message, message.fieldErrors)),
        );
    }
  });

  const broker: ContinuationProxy = {
    frame,
    invoke(action, input, callbacks = {}) {
      const invocationId = crypto.randomUUID();
      return new Promise((resolve, reject) => {
        pending.set(invocationId, { resolve: resolve as (value: unknown) => void, reject, ...callbacks });
        send(createHostMessage({ type: "invoke", invocationId, action, input } as HostMessage));
      });
    },
    onStateChange(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
  };
  brokers.set(appOrigin, broker);
  return broker;
}
