-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WarrantyCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "continuationId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "endDate" DATETIME,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WarrantyCheck_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "WarrantyCheck_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Continuation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "subject" TEXT,
    "status" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "callbackName" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL,
    "deadlineAt" DATETIME NOT NULL,
    "result" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Callout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "continuationId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "body" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusCode" INTEGER,
    "responseHeaders" TEXT,
    "responseBody" TEXT,
    "errorMessage" TEXT,
    "requestBytes" INTEGER NOT NULL DEFAULT 0,
    "responseBytes" INTEGER,
    "sentAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Callout_continuationId_fkey" FOREIGN KEY ("continuationId") REFERENCES "Continuation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_username_key" ON "Agent"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Product_sku_key" ON "Product"("sku");

-- CreateIndex
CREATE UNIQUE INDEX "Product_serialNumber_key" ON "Product"("serialNumber");

-- CreateIndex
CREATE UNIQUE INDEX "WarrantyCheck_continuationId_key" ON "WarrantyCheck"("continuationId");

-- CreateIndex
CREATE INDEX "WarrantyCheck_productId_checkedAt_idx" ON "WarrantyCheck"("productId", "checkedAt");

-- CreateIndex
CREATE INDEX "Continuation_ownerId_subject_createdAt_idx" ON "Continuation"("ownerId", "subject", "createdAt");

-- CreateIndex
CREATE INDEX "Continuation_status_leaseExpiresAt_idx" ON "Continuation"("status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Callout_continuationId_step_label_key" ON "Callout"("continuationId", "step", "label");

