-- AlterTable
ALTER TABLE "Callout" ADD COLUMN "retryOn" TEXT;

-- CreateIndex
CREATE INDEX "Continuation_leaseOwner_status_idx" ON "Continuation"("leaseOwner", "status");
