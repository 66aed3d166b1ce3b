import { json } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
import { getLabRunner } from "@/lib/server/lab";

export const dynamic = "force-dynamic";

/** This server's latest lab run, running or finished: `{ run: LabRunView | null }`. */
export const GET = apiRoute({ access: "agent" }, async () => json({ run: getLabRunner().current() }, 200));
