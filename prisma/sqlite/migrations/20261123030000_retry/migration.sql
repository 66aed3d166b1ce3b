-- AlterTable
ALTER TABLE "Continuation" ADD COLUMN "idempotencyScope" TEXT;
ALTER TABLE "Continuation" ADD COLUMN "initialCallbackName" TEXT;
ALTER TABLE "Continuation" ADD COLUMN "initialState" TEXT;
ALTER TABLE "Continuation" ADD COLUMN "initialTimeoutSeconds" INTEGER;
ALTER TABLE "Continuation" ADD COLUMN "retryOf" TEXT;

