import { createTestDb, testProvider } from "@/lib/testing/test-db";
import { storeConformance } from "./conformance";

// The app's own store, as lib/server/database.ts composes it: SQLite here, PostgreSQL under
// `npm run test:unit:pg`.
storeConformance({ name: testProvider, makeStore: createTestDb });
