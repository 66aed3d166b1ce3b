// The ERP's named credentials by name: no secrets here, so client code may import it too (the
// desk's header badge leaves the lab's breaker out). The credentials themselves: ./credential.ts.

/** The desk's own named credential for the ERP's data routes (the agents' lookups). */
export const ERP_CREDENTIAL = "ERP";

/**
 * The lab's named credential: the same API key on the lab's base URL (ERP_LAB_URL), so the lab's
 * traffic has a circuit breaker of its own and can never pause an agent's lookups.
 */
export const LAB_CREDENTIAL = "ERP_LAB";
