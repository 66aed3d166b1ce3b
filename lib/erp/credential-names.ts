/**
 * The names of the desk's ERP credentials (safe to import in the browser). `ERP` carries the API
 * key (data routes), `ERP_OAUTH` the OAuth client (the token endpoint). Each has its own circuit
 * breaker; the lab's traffic has a credential of its own (`LAB_CREDENTIAL`) and is not among these.
 */
export const DESK_CREDENTIALS = { data: "ERP", oauth: "ERP_OAUTH" } as const;

/** Which desk credentials a kind of request goes through (lookups, refreshes, the dashboard: data). */
export const ORDER_CREDENTIALS: readonly string[] = [DESK_CREDENTIALS.oauth, DESK_CREDENTIALS.data];
export const DATA_CREDENTIALS: readonly string[] = [DESK_CREDENTIALS.data];

/** The desk's own named credential for the ERP's data routes (the agents' lookups). */
export const ERP_CREDENTIAL = DESK_CREDENTIALS.data;

/**
 * The lab's named credential: the same API key on the lab's base URL (ERP_LAB_URL), so the lab's
 * traffic has a circuit breaker of its own and can never pause an agent's lookups.
 */
export const LAB_CREDENTIAL = "ERP_LAB";
