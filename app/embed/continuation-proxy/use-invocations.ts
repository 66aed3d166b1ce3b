"use client";

import { QueryObserver, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ActionFailure } from "@/lib/continuation";
import { continuationQuery, rememberView } from "@/lib/continuation/client";
import { errorForRefusal, parseHostMessage } from "@/lib/embed/parse";
import {
  createProxyMessage,
  toEmbedErrorCode,
  type EmbeddableAction,
  type ErrorMessage,
  type ProxyMessage,
} from "@/lib/embed/protocol";
import { messageForView } from "@/lib/embed/views";
import { invokeEmbedded, resumeEmbedded } from "./actions";

const MAX_MESSAGE = 1_000;

function errorMessage(invocationId: string | null, failure: ActionFailure): ErrorMessage {
  return createProxyMessage({
    type: "error",
    invocationId,
    code: toEmbedErrorCode(failure.code),
    message: failure.message.slice(0, MAX_MESSAGE),
  }) as ErrorMessage;
}

const UNAVAILABLE = { code: "UNAVAILABLE", message: "Warranty Desk could not be reached; try again." };
const SIGNED_OUT = { code: "UNAUTHENTICATED", message: "Sign in to Warranty Desk first." };

/**
 * The proxy's side of the protocol (docs/embedding.md): reads `invoke` and `resume` from the host
 * (its parent, at `host`, nothing else), starts invocations as the signed-in agent, and relays each
 * one's progress and outcome as the desk's event stream brings it (a `QueryObserver` per ticket on
 * the query cache the broker fills). Signed out (`signedIn` false), it refuses both.
 */
export function useInvocations(host: string | null, signedIn: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!host) return;
    const post = (message: ProxyMessage) => window.parent.postMessage(message, host);
    const followed = new Map<string, () => void>(); // invocation id → stop following it
    const starting = new Set<string>();

    const follow = (invocationId: string, action: EmbeddableAction, ticket: string) => {
      if (followed.has(invocationId)) return;
      const observer = new QueryObserver(queryClient, continuationQuery(queryClient, ticket));
      let last = "";
      const stop = observer.subscribe(({ data }) => {
        if (!data) return;
        const message = messageForView(invocationId, action, data);
        const text = JSON.stringify(message);
        if (text === last) return;
        last = text;
        post(message);
        if (message.type !== "progress") queueMicrotask(() => followed.get(invocationId)?.());
      });
      followed.set(invocationId, () => {
        stop();
        followed.delete(invocationId);
      });
    };

    const invoke = async (invocationId: string, action: EmbeddableAction, input: Record<string, unknown>) => {
      if (starting.has(invocationId) || followed.has(invocationId)) {
        const message = "This invocation id has been used; resume it, or invoke again with a new id.";
        return post(errorMessage(invocationId, { code: "DUPLICATE_INVOCATION", message }));
      }
      starting.add(invocationId);
      try {
        const started = await invokeEmbedded(invocationId, action, input);
        if (!started.ok) return post(errorMessage(invocationId, started.error));
        post(createProxyMessage({ type: "accepted", invocationId, ticket: started.data.ticket }));
        follow(invocationId, action, started.data.ticket);
      } catch {
        post(errorMessage(invocationId, UNAVAILABLE));
      } finally {
        starting.delete(invocationId);
      }
    };

    const resume = async (invocationIds: string[]) => {
      const found = await resumeEmbedded(invocationIds).catch(() => undefined);
      if (!found) {
        const failure = found === null ? SIGNED_OUT : UNAVAILABLE;
        for (const id of invocationIds) post(errorMessage(id, failure));
        return;
      }
      for (const id of invocationIds) {
        const invocation = found.find((f) => f.invocationId === id);
        if (!invocation) {
          const message = "Warranty Desk has no such invocation for this agent.";
          post(errorMessage(id, { code: "UNKNOWN_INVOCATION", message }));
          continue;
        }
        post(createProxyMessage({ type: "accepted", invocationId: id, ticket: invocation.view.id }));
        rememberView(queryClient, invocation.view);
        follow(id, invocation.action, invocation.view.id);
      }
    };

    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== host) return;
      const parsed = parseHostMessage(event.data);
      if (!parsed.ok) {
        const refusal = errorForRefusal(parsed);
        if (refusal) post(refusal);
        return;
      }
      const message = parsed.message;
      const ids = message.type === "invoke" ? [message.invocationId] : message.invocationIds;
      if (!signedIn) return ids.forEach((id) => post(errorMessage(id, SIGNED_OUT)));
      if (message.type === "invoke") void invoke(message.invocationId, message.action, message.input);
      else void resume(message.invocationIds);
    };
    window.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("message", onMessage);
      for (const stop of [...followed.values()]) stop();
    };
  }, [host, signedIn, queryClient]);
}
