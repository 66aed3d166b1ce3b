import "server-only";
import type { Db } from "@/lib/db";
import type { Logger } from "@/lib/continuation";
import { LAB_MODES, LabRunViewSchema, type LabComparison, type LabRunView } from "./lab-types";

/** Where the lab keeps the last finished run of each mode (the LabRun table). */
export interface LabRunStore {
  /** Keeps a finished run as its mode's last run, replacing the one before. */
  save(run: LabRunView): Promise<void>;
  /** The last finished run of each mode (null for a mode never run). */
  latest(): Promise<LabComparison>;
}

/** The LabRun table through Prisma; a stored run that no longer reads as a run is left out (and logged). */
export function createLabRunStore(db: Db, logger?: Logger): LabRunStore {
  return {
    async save(run) {
      const row = {
        runId: run.id,
        startedAt: new Date(run.startedAt),
        finishedAt: new Date(run.finishedAt ?? Date.now()),
        view: JSON.stringify(run),
      };
      await db.labRun.upsert({
        where: { mode: run.input.mode },
        create: { mode: run.input.mode, ...row },
        update: row,
      });
    },
    async latest() {
      const rows = await db.labRun.findMany();
      const runs = Object.fromEntries(LAB_MODES.map((mode) => [mode, null])) as LabComparison;
      for (const row of rows) {
        const parsed = LabRunViewSchema.safeParse(parseJson(row.view));
        if (parsed.success && parsed.data.input.mode === row.mode) runs[parsed.data.input.mode] = parsed.data;
        else logger?.warn("lab.stored_run_unreadable", { mode: row.mode, runId: row.runId });
      }
      return runs;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
