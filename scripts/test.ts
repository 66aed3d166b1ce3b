/**
 * `npm test`: the whole suite in the order CI runs it: lint, typecheck, unit tests (vitest) on
 * SQLite, the database-backed unit tests again on a throwaway PostgreSQL cluster, build,
 * end-to-end tests (Playwright in Chromium). The PostgreSQL stage is skipped (and says so) where
 * no PostgreSQL server is installed; CI installs one. Every stage runs even when an earlier one
 * failed (except e2e after a failed build), and the last line is the total CI reads:
 * `N passed, N failed, N skipped`. Exits non-zero when anything failed.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";

interface Stage {
  name: string;
  command: string[];
  /** Counts tests from the stage's own summary line; a stage without one counts as one check. */
  countsTests: boolean;
}

const stages: Stage[] = [
  { name: "lint", command: ["npm", "run", "--silent", "lint"], countsTests: false },
  { name: "typecheck", command: ["npm", "run", "--silent", "typecheck"], countsTests: false },
  { name: "unit", command: ["npm", "run", "--silent", "test:unit"], countsTests: true },
  { name: "unit:pg", command: ["npm", "run", "--silent", "test:unit:pg"], countsTests: true },
  { name: "build", command: ["npm", "run", "--silent", "build"], countsTests: false },
  { name: "e2e", command: ["npm", "run", "--silent", "test:e2e"], countsTests: true },
];

const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

function runStage(
  stage: Stage,
): Promise<{ code: number; summary: [number, number, number] | null; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const [command = "npm", ...args] = stage.command;
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let summary: [number, number, number] | null = null;
    let pending = "";
    const scan = (chunk: Buffer, out: NodeJS.WriteStream) => {
      out.write(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = SUMMARY.exec(line.trim());
        if (match) summary = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
      }
    };
    child.stdout.on("data", (c: Buffer) => scan(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => scan(c, process.stderr));
    child.on("close", (code) =>
      resolve({ code: code ?? 1, summary, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const report: string[] = [];
let buildFailed = false;

const hasPostgres =
  !!process.env.PG_BIN ||
  (fs.existsSync("/usr/lib/postgresql") &&
    fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));

for (const stage of stages) {
  if (stage.name === "unit:pg" && !hasPostgres) {
    report.push(`  unit:pg    skipped: no PostgreSQL server installed (apt-get install postgresql)`);
    skipped++;
    continue;
  }
  if (stage.name === "e2e" && buildFailed) {
    report.push(`  e2e        not run (the build failed)`);
    failed++;
    continue;
  }
  console.log(`\n=== ${stage.name}: ${stage.command.join(" ")}`);
  const { code, summary, seconds } = await runStage(stage);
  if (stage.name === "build" && code !== 0) buildFailed = true;
  let line = `  ${stage.name.padEnd(10)} ${code === 0 ? "ok    " : "FAILED"} ${seconds.toFixed(1)} s`;
  if (stage.countsTests && summary) {
    const [p, f, s] = summary;
    passed += p;
    failed += f;
    skipped += s;
    line += `  (${p} passed, ${f} failed, ${s} skipped)`;
    if (code !== 0 && f === 0) failed++; // crashed outside a test
  } else if (code === 0) {
    passed++;
  } else {
    failed++;
  }
  report.push(line);
}

console.log(`\n=== summary\n${report.join("\n")}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
