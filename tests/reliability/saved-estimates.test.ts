import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimateFaults } from "../../src/load/invariants.js";
import type { Estimate } from "../../src/schema/report.js";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 6: a saved estimate is read through the output schema and the engine's invariants. */
const examples = readdirSync("examples").filter((f) => f.endsWith(".yaml"));

async function saved(file: string): Promise<Estimate> {
  const r = await cli(["estimate", join("examples", file), "--format", "json"]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Estimate;
}

describe("engine invariants", () => {
  it.each(examples)("every estimate the engine makes satisfies them: %s", async (f) => {
    expect(estimateFaults(await saved(f))).toEqual([]);
  });

  it("names negative, non-finite and inconsistent figures", async () => {
    const e = await saved("ci-base.yaml");
    const o = e.items[0]?.options[0];
    if (!o) throw new Error("no option");
    o.cost = -1;
    expect(estimateFaults(e)[0]?.message).toBe("an option's cost is negative");
    o.cost = Number.POSITIVE_INFINITY;
    expect(estimateFaults(e)[0]?.message).toBe("an option's cost is not a finite number");
    o.cost = 1.7e308;
    expect(estimateFaults(e)[0]?.message).toBe("an option's cost is not the sum of its components");
  });
});

describe("diff and check --baseline refuse an edited baseline", () => {
  const dir = scratchDir("llmcost-saved-");
  const write = (name: string, e: Estimate) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(e));
    return f;
  };

  it.each([
    [
      "negative costs",
      (e: Estimate) => {
        for (const it of e.items) {
          for (const o of it.options) {
            o.cost = -o.cost * 1000;
            for (const c of o.components) c.cost = -c.cost * 1000;
          }
          if (it.cost !== null) it.cost = -it.cost * 1000;
        }
        e.total = -e.total * 1000;
      },
    ],
    [
      "1.7e308 costs",
      (e: Estimate) => {
        for (const it of e.items) {
          for (const o of it.options) o.cost = 1.7e308;
          it.cost = 1.7e308;
        }
        e.total = 1.7e308;
      },
    ],
    [
      "a total that is not the sum",
      (e: Estimate) => {
        e.total = 1e12;
      },
    ],
  ])("%s: exit 2, so --fail-above cannot pass on it", async (_what, edit) => {
    const e = await saved("ci-base.yaml");
    edit(e);
    const base = write("base.json", e);
    const d = await cli(["diff", base, "examples/ci-head.yaml", "--fail-above", "10%"]);
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toMatch(/not an estimate llmcost could have made/);
    const c = await cli(["check", "examples/ci-head.yaml", "--baseline", base, "--max-increase", "10%"]);
    expect(c.exitCode).toBe(2);
  });

  it("an unedited saved estimate is read as before", async () => {
    const base = write("ok.json", await saved("ci-base.yaml"));
    expect((await cli(["diff", base, "examples/ci-head.yaml"])).exitCode).toBe(0);
  });
});
