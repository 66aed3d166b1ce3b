import { describe, expect, expectTypeOf, it } from "vitest";
import type * as Published from "../../public/embed/continuation-proxy";
import type { ContinuationProxy, EmbedInput, EmbedResult } from "./host-library";

// The host library's published types (public/embed/continuation-proxy.d.ts, written by hand for
// other applications) must describe what the library really takes and answers.
describe("the host library's published types", () => {
  it("take the inputs the library takes, and promise what it answers", () => {
    expectTypeOf<Published.EmbedInputs["getWarranty"]>().toExtend<EmbedInput<"getWarranty">>();
    expectTypeOf<Published.EmbedInputs["createOrder"]>().toExtend<EmbedInput<"createOrder">>();
    expectTypeOf<EmbedResult<"getWarranty">>().toExtend<Published.EmbedResults["getWarranty"]>();
    expectTypeOf<EmbedResult<"createOrder">>().toExtend<Published.EmbedResults["createOrder"]>();
    expectTypeOf<ContinuationProxy["onStateChange"]>().toExtend<
      Published.ContinuationProxy["onStateChange"]
    >();
    expect(true).toBe(true);
  });
});
