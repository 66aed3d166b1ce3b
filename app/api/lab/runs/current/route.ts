import { getSignedInAgent } from "@/lib/auth/session";
import { json, unauthenticated } from "@/lib/http/api";
import { currentLabRun } from "@/lib/lab/lab-runner";

export const dynamic = "force-dynamic";

/** This server's latest lab run, running or finished: `{ run: LabRunView | null }`. */
export async function GET() {
  if (!(await getSignedInAgent())) {
    return unauthenticated();
  }
  return json({ run: currentLabRun() }, 200);
}
