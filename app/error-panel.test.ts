import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorPanel } from "./error-panel";

const render = (error: unknown) =>
  renderToStaticMarkup(createElement(ErrorPanel, { error, retry: () => {} }));

describe("the error panel", () => {
  it("offers Try again and the way home, and shows nothing of the error but its digest", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2"), {
      digest: "2417795813",
    });
    const html = render(error);
    expect(html).toContain("Something went wrong");
    expect(html).toMatch(/<button type="button"[^>]*>Try again<\/button>/);
    expect(html).toMatch(/<a [^>]*href="\/"[^>]*>Back to the products<\/a>/);
    expect(html).toContain("Reference for support: 2417795813");
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toContain("hunter2");
    expect(html).not.toContain("    at ");
  });

  it("shows no reference for a thrown value that is not an Error", () => {
    const html = render({ digest: 42, stack: "Error: boom\n    at secret.ts:1:1" });
    expect(html).not.toContain("Reference");
    expect(html).not.toContain("secret.ts");
  });
});
