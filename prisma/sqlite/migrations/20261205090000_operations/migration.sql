-- AlterTable
ALTER TABLE "Continuation" ADD COLUMN "traceContext" TEXT;

-- CreateTable
CREATE TABLE "OperatorAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "detail" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "credential" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
-- Written by hand: "seq" is INTEGER PRIMARY KEY without AUTOINCREMENT. SQLite then numbers rows
-- itself (the largest + 1, so still in commit order) without updating sqlite_sequence on every
-- insert, which cost about a tenth of the runtime's throughput (docs/decisions/010). Prisma's
-- drift check does not tell the two apart, and only the runtime's store writes this table.
CREATE TABLE "ContinuationTransition" (
    "seq" INTEGER NOT NULL PRIMARY KEY,
    "continuationId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "events" TEXT NOT NULL
);

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'agent';

-- CreateIndex
CREATE INDEX "OperatorAction_at_idx" ON "OperatorAction"("at");

-- CreateIndex
CREATE INDEX "BreakerTransition_credential_at_idx" ON "BreakerTransition"("credential", "at");

-- CreateIndex
CREATE INDEX "ContinuationTransition_continuationId_seq_idx" ON "ContinuationTransition"("continuationId", "seq");

-- CreateIndex
CREATE INDEX "Continuation_createdAt_idx" ON "Continuation"("createdAt");

