-- AlterTable
ALTER TABLE "Callout" ADD COLUMN "retryPolicy" TEXT;

-- CreateTable
CREATE TABLE "AttentionDismissal" (
    "agentId" TEXT NOT NULL,
    "continuationId" TEXT NOT NULL,
    "dismissedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("agentId", "continuationId"),
    CONSTRAINT "AttentionDismissal_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Continuation_ownerId_status_createdAt_idx" ON "Continuation"("ownerId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Continuation_idempotencyScope_idx" ON "Continuation"("idempotencyScope");
