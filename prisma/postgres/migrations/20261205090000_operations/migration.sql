-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'agent';

-- AlterTable
ALTER TABLE "Continuation" ADD COLUMN     "traceContext" TEXT;

-- CreateTable
CREATE TABLE "OperatorAction" (
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BreakerTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContinuationTransition" (
    "seq" SERIAL NOT NULL,
    "continuationId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "events" TEXT NOT NULL,

    CONSTRAINT "ContinuationTransition_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "OperatorAction_at_idx" ON "OperatorAction"("at");

-- CreateIndex
CREATE INDEX "BreakerTransition_credential_at_idx" ON "BreakerTransition"("credential", "at");

-- CreateIndex
CREATE INDEX "ContinuationTransition_continuationId_seq_idx" ON "ContinuationTransition"("continuationId", "seq");

-- CreateIndex
CREATE INDEX "Continuation_createdAt_idx" ON "Continuation"("createdAt");

