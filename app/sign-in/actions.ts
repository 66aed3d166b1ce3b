"use server";

import { redirect } from "next/navigation";
import { SignInInputSchema, verifyAgentCredentials } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/server/db";
import { startSession } from "@/lib/server/session";

export interface SignInState {
  error: string | null;
  username: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = SignInInputSchema.safeParse({
    username: form.get("username"),
    password: form.get("password"),
  });
  const username = String(form.get("username") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check your input.", username };
  const agentId = await verifyAgentCredentials(getDb(), parsed.data);
  if (!agentId) return { error: "Unknown agent or wrong password.", username };
  await startSession(agentId);
  redirect("/");
}
