import type { z } from "zod";
import { CalloutStatus, ContinuationFailure, type CalloutResponse } from "@/lib/continuation";
import { reasonPhrase } from "@/lib/http/reason-phrase";

/**
 * Turns an ERP response that is not the expected answer into a failure an agent can read:
 * which operation, and what went wrong (timeout, unreachable, HTTP error, too large).
 */
export function erpFailure(response: CalloutResponse, operation: string): ContinuationFailure {
  switch (response.statusCode) {
    case CalloutStatus.TIMEOUT:
      return new ContinuationFailure("ERP_TIMEOUT", `The ERP did not answer the ${operation} in time.`);
    case CalloutStatus.CONNECTION_FAILED:
      return new ContinuationFailure(
        "ERP_UNREACHABLE",
        `The ERP could not be reached for the ${operation} (the connection failed).`,
      );
    case CalloutStatus.RESPONSE_TOO_LARGE:
      return new ContinuationFailure(
        "ERP_RESPONSE_TOO_LARGE",
        `The ERP's answer to the ${operation} was too large (over 1 MB) and was not read.`,
      );
    case CalloutStatus.CIRCUIT_OPEN:
      return new ContinuationFailure(
        "ERP_UNAVAILABLE",
        `The ${operation} was not sent: ${response.errorMessage ?? "the ERP is failing; requests to it are paused."}`,
      );
    case CalloutStatus.EXCEPTION:
    case CalloutStatus.NOT_ARRIVED:
      return new ContinuationFailure("ERP_REQUEST_FAILED", `The ${operation} could not be sent to the ERP.`);
  }
  const status = response.statusCode;
  const phrase = reasonPhrase(status);
  const reason = phrase ? ` ${phrase}` : "";
  if (status === 401 || status === 403) {
    return new ContinuationFailure(
      "ERP_UNAUTHORIZED",
      `The ERP refused the desk's credentials for the ${operation} (HTTP ${status}${reason}).`,
    );
  }
  return new ContinuationFailure(
    status >= 500 ? "ERP_ERROR" : "ERP_REJECTED",
    `The ERP answered the ${operation} with an error (HTTP ${status}${reason}).`,
  );
}

/** The failure for a 2xx answer the desk cannot read (not JSON, or not the expected shape). */
export function erpMalformed(operation: string): ContinuationFailure {
  return new ContinuationFailure(
    "ERP_BAD_RESPONSE",
    `The ERP sent an unreadable answer to the ${operation}.`,
  );
}

/**
 * Reads a 2xx JSON answer in the ERP's wire format `schema`. Anything else throws a
 * `ContinuationFailure` naming the operation and the problem (HTTP error, 2000-2005, unreadable).
 */
export function readErpJson<T>(response: CalloutResponse, schema: z.ZodType<T>, operation: string): T {
  if (!response.ok) throw erpFailure(response, operation);
  let json: unknown;
  try {
    json = JSON.parse(response.body ?? "");
  } catch {
    throw erpMalformed(operation);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw erpMalformed(operation);
  return parsed.data;
}
