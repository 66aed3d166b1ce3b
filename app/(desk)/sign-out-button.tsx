import { signOut } from "./actions";

/** Ends the session (the desk's and the console's headers). */
export function SignOutButton() {
  return (
    <form action={signOut}>
      <button
        type="submit"
        className="rounded-md border border-slate-300 px-3 py-1.5 font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100"
      >
        Sign out
      </button>
    </form>
  );
}
