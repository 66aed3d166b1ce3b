import { describe, expect, it } from "vitest";
import { signIn } from "./actions";

// What the action answers before it looks at the request or the database: malformed calls and
// absurd fields are refused with a message, never a thrown TypeError (a 500).

const form = (fields: Record<string, string | Blob>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const MALFORMED = {
  error: "The sign-in request was malformed. Reload the page and try again.",
  username: "",
};

describe("the sign-in action", () => {
  it("refuses to be called with anything but form data, whatever the previous state", async () => {
    expect(await signIn({ error: null, username: "" }, { username: "alice", password: "x" })).toEqual(
      MALFORMED,
    );
    expect(await signIn(undefined, undefined)).toEqual(MALFORMED);
    expect(await signIn("$undefined", [form({ username: "alice" })])).toEqual(MALFORMED);
    expect(await signIn({ get: () => "alice" }, "username=alice&password=x")).toEqual(MALFORMED);
  });

  it("ignores a garbage previous state", async () => {
    expect(await signIn(42, form({ username: "", password: "x" }))).toEqual({
      error: "Enter your agent name.",
      username: "",
    });
  });

  it("treats a file where text belongs as a missing field", async () => {
    expect(await signIn(null, form({ username: new Blob(["alice"]), password: "x" }))).toEqual({
      error: "Enter your agent name.",
      username: "",
    });
    expect(await signIn(null, form({ username: "alice", password: new Blob(["x"]) }))).toEqual({
      error: "Enter your password.",
      username: "alice",
    });
  });

  it("refuses absurd lengths, and does not echo an absurd name back", async () => {
    expect(await signIn(null, form({ username: "a".repeat(1_000_000), password: "x" }))).toEqual({
      error: "That agent name is too long.",
      username: "",
    });
    expect(await signIn(null, form({ username: "alice", password: "p".repeat(1_000_000) }))).toEqual({
      error: "That password is too long.",
      username: "alice",
    });
  });
});
