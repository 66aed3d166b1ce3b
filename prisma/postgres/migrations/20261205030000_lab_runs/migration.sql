-- CreateTable
CREATE TABLE "LabRun" (
    "mode" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "view" TEXT NOT NULL,

    CONSTRAINT "LabRun_pkey" PRIMARY KEY ("mode")
);
