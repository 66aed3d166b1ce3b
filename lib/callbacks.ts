import "server-only";
import type { AnyCallback } from "@/lib/continuation";
import { warrantyReceived } from "@/lib/warranty/get-warranty";

/**
 * Every callback a continuation may name. The runtime loads this list at start-up, so recovery
 * after a restart never meets an unknown name. Add new callbacks here.
 */
export const callbacks: readonly AnyCallback[] = [warrantyReceived];
