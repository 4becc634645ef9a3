import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../helpers/cli.js";

/**
 * The layers of STYLE.md are enforced by Biome (`noRestrictedImports` and `noRestrictedGlobals`
 * per folder: biome.json `overrides`). These tests lint small probe files, placed in a scratch copy
 * of the layout with the project's biome.json, and check that each forbidden import fails with the
 * layer's message, and that an allowed one passes. (Linting the real tree is `npm run lint`.)
 */

const BIOME = resolve("node_modules/.bin/biome");

function lintProbe(path: string, text: string): { code: number; out: string } {
  const dir = scratchDir("llmcost-layers-");
  const config = JSON.parse(readFileSync("biome.json", "utf8")) as Record<string, unknown>;
  delete config.$schema;
  writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
  mkdirSync(join(dir, dirname(path)), { recursive: true });
  writeFileSync(join(dir, path), text);
  const r = spawnSync(BIOME, ["lint", "--colors=off", path], { cwd: dir, encoding: "utf8" });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe("the layer rules (biome.json overrides)", () => {
  it.each([
    ["src/engine/probe.ts", 'import { loadWorkload } from "../load/workload.js";', "src/engine/ is pure pricing"],
    ["src/engine/probe.ts", 'import { readFileSync } from "node:fs";', "src/engine/ is pure"],
    ["src/engine/probe.ts", 'import { renderTable } from "../report/table.js";', "src/engine/ is pure pricing"],
    ["src/report/probe.ts", 'import { estimate } from "../engine/estimate.js";', "src/report/ only shows data"],
    ["src/report/probe.ts", 'import { runCli } from "../cli/run.js";', "src/report/ only shows data"],
    ["src/load/probe.ts", 'import { estimate } from "../engine/estimate.js";', "src/load/ reads and checks files"],
    ["src/schema/probe.ts", 'import { InputError } from "../errors.js";', "src/schema/ says what files may hold"],
    ["src/errors.ts", 'import { estimate } from "./engine/estimate.js";', "shared by every layer"],
    // The CLI's shell prices nothing itself (issue 15: priceSide moved to src/engine/sides.ts).
    ["src/cli/probe.ts", 'import { estimate } from "../engine/estimate.js";', "src/cli/*.ts is the shell"],
    ["src/cli/probe.ts", 'import { priceSide } from "../engine/sides.js";', "src/cli/*.ts is the shell"],
  ])("%s: `%s` fails", (path, line, message) => {
    const r = lintProbe(path, `${line}\nexport const probe = 1;\n`);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain("noRestrictedImports");
    expect(r.out).toContain(message);
  });

  it("the engine may not read process or print", () => {
    const r = lintProbe("src/engine/probe.ts", "export const probe = () => process.env.HOME;\n");
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain("noRestrictedGlobals");
  });

  it.each([
    ["src/engine/probe.ts", 'import type { Catalog } from "../schema/catalog.js";\nexport type Probe = Catalog;\n'],
    ["src/report/probe.ts", 'import { money } from "./format.js";\nexport const probe = money;\n'],
    [
      "src/cli/commands/probe.ts",
      'import { estimate } from "../../engine/estimate.js";\nexport const probe = estimate;\n',
    ],
    ["src/cli/probe.ts", 'import type { Problem } from "../engine/types.js";\nexport type Probe = Problem;\n'],
  ])("%s: an allowed import passes", (path, text) => {
    const r = lintProbe(path, text);
    expect(r.code, r.out).toBe(0);
  });
});
