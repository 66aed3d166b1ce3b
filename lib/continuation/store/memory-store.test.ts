import { storeConformance } from "./conformance";
import { createMemoryStore } from "./memory-store";

storeConformance({
  name: "memory",
  makeStore: async () => ({ store: createMemoryStore(), cleanup: async () => {} }),
});
