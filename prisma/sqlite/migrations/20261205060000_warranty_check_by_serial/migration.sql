-- A warranty check may be for a serial number alone (no catalogue product): productId becomes
-- optional and every check records the serial it asked the ERP about. Existing checks take their
-- product's serial.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WarrantyCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "continuationId" TEXT NOT NULL,
    "productId" TEXT,
    "serial" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "endDate" DATETIME,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WarrantyCheck_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "WarrantyCheck_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_WarrantyCheck" ("agentId", "checkedAt", "continuationId", "endDate", "id", "outcome", "productId", "serial")
SELECT "w"."agentId", "w"."checkedAt", "w"."continuationId", "w"."endDate", "w"."id", "w"."outcome", "w"."productId", "p"."serialNumber"
FROM "WarrantyCheck" AS "w" JOIN "Product" AS "p" ON "p"."id" = "w"."productId";
DROP TABLE "WarrantyCheck";
ALTER TABLE "new_WarrantyCheck" RENAME TO "WarrantyCheck";
CREATE UNIQUE INDEX "WarrantyCheck_continuationId_key" ON "WarrantyCheck"("continuationId");
CREATE INDEX "WarrantyCheck_productId_checkedAt_idx" ON "WarrantyCheck"("productId", "checkedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
