import type { LabMode, LabRunView } from "./lab-types";

/** How a verdict names each mode. */
export const VERDICT_NAMES: Record<LabMode, string> = {
  synchronous: "Synchronous",
  "fail-fast": "Fail fast",
  continuation: "Continuations",
};

/** A share as a whole percentage that never reads 0 % or 100 % when it is not exactly that. */
function percent(part: number, whole: number): string {
  const exact = (part / whole) * 100;
  const shown = part === whole ? 100 : part === 0 ? 0 : Math.min(99, Math.max(1, Math.round(exact)));
  return `${shown}\u00a0%`;
}

/**
 * One plain sentence saying how a finished run went for the simulated agents, e.g.
 * "Continuations: every agent got an answer." or "Synchronous: 53 % refused; 47 % got an answer."
 */
export function labVerdict(run: Pick<LabRunView, "input" | "totals">): string {
  const name = VERDICT_NAMES[run.input.mode];
  const { succeeded, refused, failed } = run.totals;
  const answered = succeeded + refused + failed;
  if (answered === 0) return `${name}: no click got an answer before the run ended.`;
  if (succeeded === answered) return `${name}: every agent got an answer.`;
  const problems = [
    refused > 0 ? `${percent(refused, answered)} refused` : null,
    failed > 0 ? `${percent(failed, answered)} failed` : null,
  ]
    .filter((part) => part !== null)
    .join(", ");
  if (succeeded === 0) return `${name}: no agent got an answer; ${problems}.`;
  return `${name}: ${problems}; ${percent(succeeded, answered)} got an answer.`;
}
