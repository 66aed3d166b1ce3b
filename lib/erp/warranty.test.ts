import { describe, expect, it } from "vitest";
import { calloutResponse } from "@/lib/continuation/define/responses";
import { CalloutStatus } from "@/lib/continuation/status-codes";
import { readWarranty, warrantyRequest } from "./warranty";

const answer = (statusCode: number, body: string | null = null) =>
  calloutResponse({ label: "warranty", statusCode, body });

describe("the ERP warranty answer", () => {
  it("asks through the ERP named credential, with the serial escaped", () => {
    expect(warrantyRequest("SN 1/2")).toMatchObject({
      method: "GET",
      url: "callout:ERP/warranty/SN%201%2F2",
    });
  });

  it("reads an active or expired warranty", () => {
    const body = JSON.stringify({
      serial: "SN-1",
      sku: "X",
      status: "expired",
      startDate: "2022-01-01",
      endDate: "2024-01-01",
    });
    expect(readWarranty(answer(200, body))).toEqual({
      found: true,
      status: "expired",
      startDate: "2022-01-01",
      endDate: "2024-01-01",
    });
  });

  it("treats 404 as no warranty", () => {
    expect(readWarranty(answer(404, '{"error":{}}'))).toEqual({ found: false });
  });

  it.each([
    [500, "", "ERP_ERROR", /HTTP 500 Internal Server Error/],
    [503, "", "ERP_ERROR", /HTTP 503 Service Unavailable/],
    [401, "", "ERP_UNAUTHORIZED", /refused the desk's credentials/],
    [400, "", "ERP_REJECTED", /HTTP 400/],
    [CalloutStatus.TIMEOUT, null, "ERP_TIMEOUT", /did not answer the warranty lookup in time/],
    [CalloutStatus.CONNECTION_FAILED, null, "ERP_UNREACHABLE", /could not be reached/],
    [CalloutStatus.EXCEPTION, null, "ERP_REQUEST_FAILED", /could not be sent/],
    [CalloutStatus.RESPONSE_TOO_LARGE, null, "ERP_RESPONSE_TOO_LARGE", /too large/],
    [200, "{not json", "ERP_BAD_RESPONSE", /unreadable answer/],
    [200, '{"status":"maybe"}', "ERP_BAD_RESPONSE", /unreadable answer/],
  ])("turns %s into %s with a message an agent can read", (status, body, code, message) => {
    let thrown: unknown;
    try {
      readWarranty(answer(status, body));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code });
    expect((thrown as Error).message).toMatch(message);
  });
});
