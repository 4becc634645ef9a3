import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { zodJitless } from "../../src/cli/main.js";

/**
 * The CLI turns zod's parser compilation off without loading zod (src/cli/main.ts, zodJitless), by
 * the global object zod 4 reads its configuration from. If a zod release keeps it elsewhere, the CLI
 * would silently compile parsers again: this fails instead.
 */
describe("zod's jitless mode, set before zod loads", () => {
  const before = z.config().jitless;
  afterEach(() => {
    z.config({ jitless: before });
  });

  it("is what z.config() reports", () => {
    z.config({ jitless: false });
    zodJitless();
    expect(z.config().jitless).toBe(true);
  });

  it("is adopted by a zod loaded afterwards", () => {
    const script = `globalThis.__zod_globalConfig = { jitless: true };
import("zod").then((z) => process.stdout.write(String(z.config().jitless)));`;
    const r = spawnSync(process.execPath, ["--input-type=commonjs", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true");
  });
});
