-- AlterTable
ALTER TABLE "Callout" ADD COLUMN     "retryPolicy" TEXT;

-- CreateTable
CREATE TABLE "AttentionDismissal" (
    "agentId" TEXT NOT NULL,
    "continuationId" TEXT NOT NULL,
    "dismissedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttentionDismissal_pkey" PRIMARY KEY ("agentId","continuationId")
);

-- CreateIndex
CREATE INDEX "Continuation_ownerId_status_createdAt_idx" ON "Continuation"("ownerId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Continuation_idempotencyScope_idx" ON "Continuation"("idempotencyScope");

-- AddForeignKey
ALTER TABLE "AttentionDismissal" ADD CONSTRAINT "AttentionDismissal_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
