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
CREATE TABLE "ContinuationEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "continuationId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "label" TEXT,
    "instance" TEXT,
    "detail" TEXT
);

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'agent';

-- CreateIndex
CREATE INDEX "OperatorAction_at_idx" ON "OperatorAction"("at");

-- CreateIndex
CREATE INDEX "BreakerTransition_credential_at_idx" ON "BreakerTransition"("credential", "at");

-- CreateIndex
CREATE INDEX "ContinuationEvent_continuationId_seq_idx" ON "ContinuationEvent"("continuationId", "seq");

-- CreateIndex
CREATE INDEX "ContinuationEvent_at_idx" ON "ContinuationEvent"("at");

-- CreateIndex
CREATE INDEX "Continuation_createdAt_idx" ON "Continuation"("createdAt");

