-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "erpNumber" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "customerReference" TEXT NOT NULL,
    "continuationId" TEXT NOT NULL,
    "erpCreatedAt" DATETIME NOT NULL,
    "statusUpdatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_erpNumber_key" ON "Order"("erpNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Order_continuationId_key" ON "Order"("continuationId");

-- CreateIndex
CREATE INDEX "Order_agentId_createdAt_idx" ON "Order"("agentId", "createdAt");

