import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

/**
 * Determinism end to end (issue 7): the same files give byte-identical JSON, and the order in
 * which overlay catalogs for different providers are given does not change any item.
 */

const dir = mkdtempSync(join(tmpdir(), "llmcost-prop-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("determinism through the CLI", () => {
  it.each(readdirSync("examples").filter((f) => f.endsWith(".yaml")))(
    "examples/%s: two runs give byte-identical JSON",
    async (f) => {
      const a = await cli(["estimate", `examples/${f}`, "--format", "json"]);
      const b = await cli(["estimate", `examples/${f}`, "--format", "json"]);
      expect(a.exitCode).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    },
  );

  it("overlays for different providers, in any order, give the same items", async () => {
    // Three overlays, each re-pricing gpt-4o-mini-class models on its own provider.
    const overlays = (["openai", "azure", "deepinfra"] as const).map((id, i) => {
      const p = join(dir, `${id}.yaml`);
      writeFileSync(
        p,
        `schema: 1\nproviders:\n  - provider: {id: ${id}, name: ${id}, currency: USD, source: https://example.com/${id}}\n    models:\n      - id: fuzz-model\n        aliases: [shuffle-test]\n        prices:\n          - {from: 2020-01-01, input: ${(i + 1) * 0.1}, output: ${0.4 - i * 0.1}, source: https://example.com/${id}}\n`,
      );
      return p;
    });
    const w = join(dir, "w.yaml");
    writeFileSync(
      w,
      "llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: a, model: shuffle-test, requests: 1000, input_tokens: 1000, output_tokens: 1000}\n",
    );
    const items = async (order: string[]) => {
      const r = await cli(["estimate", w, "--format", "json", ...order.flatMap((o) => ["--catalog", o])]);
      expect(r.exitCode).toBe(0);
      return JSON.stringify(JSON.parse(r.stdout).items);
    };
    const reference = await items(overlays);
    // Each provider: input (i+1)·0.1 and output 0.4 − i·0.1 per 1M, on 1M input and 1M output tokens:
    // openai 0.1 + 0.4 = 0.5, azure 0.2 + 0.3 = 0.5, deepinfra 0.3 + 0.2 = 0.5: a three-way tie, broken by id.
    expect(JSON.parse(reference)[0].options.map((o: { provider: string }) => o.provider)).toEqual([
      "azure",
      "deepinfra",
      "openai",
    ]);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(overlays, { minLength: 3, maxLength: 3 }), async (order) => {
        expect(await items(order)).toBe(reference);
      }),
      { seed: 3, numRuns: 6 },
    );
  });
});
