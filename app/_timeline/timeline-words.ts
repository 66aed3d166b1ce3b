import { isRuntimeStatus } from "@/lib/continuation/status-codes";
import type { EventKind, StuckReason } from "@/lib/continuation";
import { reasonPhrase } from "@/lib/http/reason-phrase";

/** "340 B", "1.2 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "12 ms", "1.24 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  const rounded = Math.max(0, Math.round(ms));
  if (rounded < 1000) return `${rounded} ms`;
  if (rounded < 60_000) return `${(rounded / 1000).toFixed(2)} s`;
  const seconds = Math.round(rounded / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** An offset from the start of a timeline: "+0 ms", "+1.24 s". */
export function formatOffset(ms: number): string {
  return `+${formatDuration(ms)}`;
}

/** What each of the runtime's 2000–2005 codes means (lib/continuation/status-codes.ts). */
const RUNTIME_MEANINGS: Readonly<Record<number, string>> = {
  2000: "timed out: the deadline passed before the response",
  2001: "connection failed: refused, reset or closed before a response",
  2002: "not sent: it failed before it could be sent",
  2003: "no response yet",
  2004: "response too large: over the size limit",
  2005: "not sent: the circuit breaker was open",
};

/** "200 OK", "503 Service Unavailable", "2000 timed out: the deadline passed before the response". */
export function describeStatus(code: number): string {
  if (isRuntimeStatus(code)) return `${code} ${RUNTIME_MEANINGS[code]}`;
  const reason = reasonPhrase(code);
  return reason ? `${code} ${reason}` : `HTTP ${code}`;
}

/** How a callout came out, by kind: what colours its bar (the words say the same). */
export type OutcomeKind = "ok" | "error" | "runtime" | "pending";

/** A callout's outcome kind from its status code (null: no outcome yet). */
export function outcomeKindOf(statusCode: number | null): OutcomeKind {
  if (statusCode === null) return "pending";
  if (isRuntimeStatus(statusCode)) return "runtime";
  return statusCode >= 200 && statusCode < 400 ? "ok" : "error";
}

/** The outcome of a callout in words, for the text equivalent of its bar. */
export const OUTCOME_WORDS: Record<OutcomeKind, string> = {
  ok: "answered",
  error: "error",
  runtime: "runtime code",
  pending: "no answer yet",
};

/** Each event kind as the event list names it. */
export const EVENT_WORDS: Record<EventKind, string> = {
  started: "Started",
  sent: "Sent",
  retried: "Retried",
  answered: "Answered",
  callback: "Callback committed",
  advanced: "Advanced",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  retried_as: "Retried as",
  taken_over: "Taken over",
};

/** Why a continuation is stuck, in a sentence. */
export const STUCK_WORDS: Record<StuckReason, string> = {
  "lease-expired": "Stuck: no instance holds it (its lease expired); recovery should take it over.",
  "past-deadline": "Stuck: its deadline has passed and it has not ended.",
  "breaker-open": "Stuck: waiting on an ERP credential whose circuit breaker is open.",
};
