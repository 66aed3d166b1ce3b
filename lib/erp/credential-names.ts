/**
 * The names of the desk's ERP credentials (safe to import in the browser). `ERP` carries the API
 * key (data routes), `ERP_OAUTH` the OAuth client (the token endpoint). Each has its own circuit
 * breaker; the lab's traffic has a credential of its own and is not among these.
 */
export const DESK_CREDENTIALS = { data: "ERP", oauth: "ERP_OAUTH" } as const;

/** Which desk credentials a kind of request goes through (lookups, refreshes, the dashboard: data). */
export const ORDER_CREDENTIALS: readonly string[] = [DESK_CREDENTIALS.oauth, DESK_CREDENTIALS.data];
export const DATA_CREDENTIALS: readonly string[] = [DESK_CREDENTIALS.data];
