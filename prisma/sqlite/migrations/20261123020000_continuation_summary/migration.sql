-- AlterTable
ALTER TABLE "Continuation" ADD COLUMN "summary" TEXT;

