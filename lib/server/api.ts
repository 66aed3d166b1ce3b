import "server-only";
import { createApiRoute } from "@/lib/http/api";
import { getSignedInAgent } from "./session";

/**
 * The wrapper every JSON route (app/api/**) is built with: origin check, session, body checks
 * (lib/http/api.ts), with the caller found from the session cookie.
 */
export const apiRoute = createApiRoute(getSignedInAgent);
