"use client";

import { useActionState } from "react";
import { signIn, type SignInState } from "./actions";

const initial: SignInState = { error: null, username: "" };

/** The sign-in form; `returnTo` is where a signed-in agent goes next (checked by the action). */
export function SignInForm({ returnTo }: { returnTo?: string }) {
  const [state, action, isPending] = useActionState(signIn, initial);
  return (
    <form action={action} className="space-y-4" noValidate>
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      <div className="space-y-1">
        <label htmlFor="username" className="block text-sm font-medium text-slate-700">
          Agent
        </label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          defaultValue={state.username}
          required
          className="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
        />
      </div>
      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
