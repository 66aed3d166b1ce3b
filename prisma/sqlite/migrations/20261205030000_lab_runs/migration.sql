-- CreateTable
CREATE TABLE "LabRun" (
    "mode" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "view" TEXT NOT NULL
);
