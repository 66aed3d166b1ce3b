import { describe, expect, it } from "vitest";
import {
  findFormReplyProblem,
  findTextReplyProblem,
  jsonDepth,
  MAX_ARGUMENT_DEPTH,
  MAX_ARGUMENT_ROWS,
  MAX_ARGUMENTS,
} from "./action-reply";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("jsonDepth", () => {
  it.each([
    ["1", 0],
    ["[]", 1],
    ['[{"a":[1]}]', 3],
    ['["[[[[", "{{{"]', 1],
    ['["a \\" [[[["]', 1],
  ])("finds %s %i deep (brackets inside strings do not count)", (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it("stops scanning once past the limit", () => {
    expect(jsonDepth(nested(10_000), 32)).toBe(33);
  });
});

describe("findTextReplyProblem", () => {
  it.each([
    ['[{"productId":"wd-drill-18v"}]'],
    ['["1d8a6c1e-7b1f-4c57-9d51-6a8ad7c9e0c1"]'],
    ['[{"quantity":2,"customerReference":"PO [[[[ 4711"}]'],
    ["[]"],
    ['["$undefined"]'],
    [`[${nested(MAX_ARGUMENT_DEPTH - 1)}]`],
  ])("accepts what the desk's pages send: %s", (body) => {
    expect(findTextReplyProblem(body)).toBeNull();
  });

  it.each([
    [
      "arguments nested 10,000 deep",
      `[${nested(10_000)}]`,
      "The arguments are nested deeper than 32 levels.",
    ],
    [
      "a body cut short",
      '[{"productId":"wd-dr',
      "The arguments are not complete JSON (was the body cut short?).",
    ],
    ["an empty body", "", "The arguments are not complete JSON (was the body cut short?)."],
    ["one value instead of a list", '"$undefined"', "The arguments must be a list."],
    ["an object instead of a list", '{"productId":"x"}', "The arguments must be a list."],
    [
      "too many arguments",
      JSON.stringify(Array(MAX_ARGUMENTS + 1).fill(1)),
      "A server action takes at most 16 arguments.",
    ],
  ])("refuses %s", (_name, body, message) => {
    expect(findTextReplyProblem(body)).toBe(message);
  });
});

/** A FormData from name/value pairs, in order. */
function form(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("findFormReplyProblem, a call from the page's JavaScript", () => {
  it("accepts the sign-in form's call: previous state and the form's own fields", () => {
    const body = form([
      ["1_username", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ not JSON, never parsed"],
      ["1_password", "secret"],
      ["0", '[{"error":null,"username":""},"$K1"]'],
    ]);
    expect(findFormReplyProblem(body, true)).toBeNull();
  });

  it("accepts outlined rows and blobs", () => {
    const body = form([
      ["1", '{"a":[1,2]}'],
      ["2", new Blob(["binary"])],
      ["0", '["$1","$B2"]'],
    ]);
    expect(findFormReplyProblem(body, true)).toBeNull();
  });

  it.each([
    ["no argument list", form([["1_username", "alice"]]), "The arguments are missing (field 0)."],
    ["an argument list that is not a list", form([["0", '"$undefined"']]), "The arguments must be a list."],
    [
      "a deep argument list",
      form([["0", `[${nested(100)}]`]]),
      "The arguments are nested deeper than 32 levels.",
    ],
    [
      "a row cut short",
      form([
        ["1", '{"a":'],
        ["0", '["$1"]'],
      ]),
      "The arguments (part 1) are not complete JSON (was the body cut short?).",
    ],
    [
      "too many rows",
      form([
        ...Array.from({ length: MAX_ARGUMENT_ROWS + 1 }, (_, i): [string, string] => [String(i + 1), "1"]),
      ]),
      "The arguments take more than 64 parts.",
    ],
  ])("refuses %s", (_name, body, message) => {
    expect(findFormReplyProblem(body, true)).toBe(message);
  });
});

describe("findFormReplyProblem, a form posted without JavaScript", () => {
  const SIGN_IN_ID = "609de79771e27ce6aecbaa354c4595a29d070cc430";

  it("accepts the sign-in form as the page renders it", () => {
    const body = form([
      ["$ACTION_REF_1", ""],
      ["$ACTION_1:0", `{"id":"${SIGN_IN_ID}","bound":"$@1"}`],
      ["$ACTION_1:1", '[{"error":null,"username":""}]'],
      ["$ACTION_KEY", "k92a7166b6b3e4bac62fea6c8c5ae2576"],
      ["username", "[[[[ anything"],
      ["password", "secret"],
    ]);
    expect(findFormReplyProblem(body, false)).toBeNull();
  });

  it("refuses bound arguments that are cut short or too deep", () => {
    expect(findFormReplyProblem(form([["$ACTION_1:1", '[{"error":nu']]), false)).toBe(
      "The arguments (part $ACTION_1:1) are not complete JSON (was the body cut short?).",
    );
    expect(findFormReplyProblem(form([["$ACTION_1:1", nested(40)]]), false)).toBe(
      "The arguments (part $ACTION_1:1) are nested deeper than 32 levels.",
    );
  });

  it("leaves other multipart posts alone (they are not actions; Next.js ignores them)", () => {
    expect(findFormReplyProblem(form([["0", "not json"]]), false)).toBeNull();
  });
});
