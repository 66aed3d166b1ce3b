"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInInputSchema } from "@/lib/auth/sign-in";
import { tooManyAttemptsMessage } from "@/lib/auth/sign-in-throttle";
import { safeReturnPath } from "@/lib/http/return-path";
import { afterSignIn } from "@/lib/server/embed";
import { homePathOf } from "@/lib/server/ops";
import { startSession } from "@/lib/server/session";
import { signInThrottled } from "@/lib/server/sign-in";

export interface SignInState {
  error: string | null;
  username: string;
}

/** Longest agent name echoed back into the form (the schema's limit). */
const MAX_ECHOED_NAME = 64;

/**
 * The sign-in form's action. Anyone can call it with any arguments, so it takes nothing on
 * trust: anything but form data is refused with a message, and the previous state is ignored.
 */
export async function signIn(_previous: unknown, form: unknown): Promise<SignInState> {
  if (!(form instanceof FormData)) {
    return { error: "The sign-in request was malformed. Reload the page and try again.", username: "" };
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const raw = text("username");
  const username = raw.length <= MAX_ECHOED_NAME ? raw : "";
  const parsed = SignInInputSchema.safeParse({ username: raw, password: text("password") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check your input.", username };
  const result = await signInThrottled(parsed.data, await headers());
  if (result.outcome === "locked")
    return { error: tooManyAttemptsMessage(result.retryAfterSeconds), username };
  if (result.outcome === "failed") return { error: "Unknown agent or wrong password.", username };
  await startSession(result.agent);
  const returnTo = form.get("returnTo");
  // Back where they were going; without such a page, an operator lands on the console.
  redirect(safeReturnPath(returnTo) ? afterSignIn(returnTo) : await homePathOf(result.agent));
}
