import { json, unauthenticated } from "@/lib/http/api";
import { getLabRunner } from "@/lib/server/lab";
import { getSignedInAgent } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** This server's latest lab run, running or finished: `{ run: LabRunView | null }`. */
export async function GET() {
  if (!(await getSignedInAgent())) {
    return unauthenticated();
  }
  return json({ run: getLabRunner().current() }, 200);
}
