-- A warranty check may be for a serial number alone (no catalogue product): productId becomes
-- optional and every check records the serial it asked the ERP about. Existing checks take their
-- product's serial.

-- AlterTable
ALTER TABLE "WarrantyCheck" ADD COLUMN "serial" TEXT,
ALTER COLUMN "productId" DROP NOT NULL;

UPDATE "WarrantyCheck" AS "w" SET "serial" = "p"."serialNumber" FROM "Product" AS "p" WHERE "p"."id" = "w"."productId";

ALTER TABLE "WarrantyCheck" ALTER COLUMN "serial" SET NOT NULL;
