import { apiError, invalidBody, json } from "@/lib/http/api";
import { LabRunInProgressError } from "@/lib/lab/lab-runner";
import { LabRunInputSchema } from "@/lib/lab/lab-types";
import { getLabRunner } from "@/lib/server/lab";
import { apiRoute } from "@/lib/server/api";

export const dynamic = "force-dynamic";

/**
 * The last finished run of each mode, kept in the database (they survive a restart):
 * `{ runs: { synchronous, "fail-fast", continuation } }`, each a `LabRunView` or null.
 */
export const GET = apiRoute({ access: "agent" }, async () =>
  json({ runs: await getLabRunner().compare() }, 200),
);

/**
 * Starts a lab run: `{ mode, agents, erpLatencyMs, durationSeconds }` in, `202 { id }` out; the
 * load runs on the server. `400` names the bad field, `409` while another run is going.
 */
export const POST = apiRoute(
  { access: "agent", body: { example: '{ "mode": "continuation", "agents": 100, "erpLatencyMs": 6000 }' } },
  async ({ body }) => {
    const parsed = LabRunInputSchema.safeParse(body);
    if (!parsed.success) return invalidBody(parsed.error);
    try {
      return json(await getLabRunner().start(parsed.data), 202);
    } catch (error) {
      if (error instanceof LabRunInProgressError) {
        return apiError({ code: error.code, message: error.message }, 409);
      }
      throw error;
    }
  },
);
