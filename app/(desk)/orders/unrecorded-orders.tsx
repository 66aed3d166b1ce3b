import Link from "next/link";
import { countUnrecordedOrders } from "@/lib/attention/list-attention";
import { ATTENTION_PATH } from "@/lib/attention/attention-item";
import { attentionDeps } from "@/lib/server/attention";

/**
 * How many of the agent's orders the ERP created but the desk has not recorded yet (their chain
 * ended before its last step), linked to the worklist where Retry records them. Nothing when none.
 */
export async function UnrecordedOrders({ agentId }: { agentId: string }) {
  const count = await countUnrecordedOrders(attentionDeps(), agentId);
  if (count === 0) return null;
  return (
    <p className="mb-4 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      {count === 1 ? "1 order was" : `${count} orders were`} created in the ERP but not yet recorded here.{" "}
      <Link href={ATTENTION_PATH} className="font-medium underline">
        Record {count === 1 ? "it" : "them"} from Needs attention
      </Link>
    </p>
  );
}
