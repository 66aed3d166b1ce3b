import { apiError, json, readJsonBody, refuseCrossOrigin, unauthenticated } from "@/lib/http/api";
import { LabRunInProgressError } from "@/lib/lab/lab-runner";
import { LabRunInputSchema } from "@/lib/lab/lab-types";
import { getLabRunner } from "@/lib/server/lab";
import { getSignedInAgent } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * Starts a lab run: `{ mode, agents, erpLatencyMs, durationSeconds }` in, `202 { id }` out; the
 * load runs on the server. `400` names the bad field, `409` while another run is going.
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  if (!(await getSignedInAgent())) {
    return unauthenticated();
  }
  const read = await readJsonBody(request, '{ "mode": "continuation", "agents": 100, "erpLatencyMs": 6000 }');
  if (!read.ok) return read.response;
  const parsed = LabRunInputSchema.safeParse(read.body);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "The body"} ${issue.message}`)
      .join("; ");
    return apiError({ code: "INVALID_INPUT", message: `${message}.` }, 400);
  }
  try {
    return json(await getLabRunner().start(parsed.data), 202);
  } catch (error) {
    if (error instanceof LabRunInProgressError) {
      return apiError({ code: error.code, message: error.message }, 409);
    }
    throw error;
  }
}
