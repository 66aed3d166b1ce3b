import "server-only";
import type { Db, DbTransaction } from "@/lib/db";

// The app's types for what the runtime hands its code: callbacks write through Prisma's
// transaction client, actions read through Prisma. The runtime itself names no ORM.
declare module "@/lib/continuation" {
  interface Register {
    transaction: DbTransaction;
    reader: Db;
  }
}
