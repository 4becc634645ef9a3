import { describe, expect, it } from "vitest";
import { OPTION_NUMBERS } from "../../src/engine/finite.js";
import { Option } from "../../src/schema/report.js";

describe("finite guard", () => {
  it("checks every numeric field of an option in the output contract", () => {
    // The guard lists the fields by name for speed; a number field added to the contract must be added there too.
    const numeric = Object.entries(Option.shape)
      .filter(([, s]) => {
        const def = (s as { _zod: { def: { type: string; innerType?: { _zod: { def: { type: string } } } } } })._zod
          .def;
        return def.type === "number" || (def.type === "optional" && def.innerType?._zod.def.type === "number");
      })
      .map(([k]) => k)
      .sort();
    expect([...OPTION_NUMBERS].sort()).toEqual(numeric);
  });
});
