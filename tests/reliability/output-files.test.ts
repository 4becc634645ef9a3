import { copyFileSync, lstatSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 9: --output never destroys an input, writes through links, explains ELOOP. */
describe("--output safety", () => {
  const W = "examples/support-assistant.yaml";

  it("refuses to overwrite its own input, by any name", async () => {
    const dir = scratchDir("llmcost-out-");
    const w = join(dir, "w.yaml");
    copyFileSync(W, w);
    const link = join(dir, "link.yaml");
    symlinkSync(w, link);
    for (const target of [w, link]) {
      const r = await cli(["estimate", w, "-o", target]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/cannot write the output file: it is (an input of this run|the input)/);
    }
    expect(readFileSync(w, "utf8")).toBe(readFileSync(W, "utf8"));
  });

  it("writes through a dangling symbolic link, keeping the link", async () => {
    const dir = scratchDir("llmcost-out-");
    const link = join(dir, "report.txt");
    symlinkSync("target.txt", link);
    const r = await cli(["estimate", W, "-o", link]);
    expect(r.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toMatch(/^support-assistant/);
  });

  it("explains a loop of links", async () => {
    const dir = scratchDir("llmcost-out-");
    symlinkSync(join(dir, "b"), join(dir, "a"));
    symlinkSync(join(dir, "a"), join(dir, "b"));
    const r = await cli(["estimate", W, "-o", join(dir, "a")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/a loop of symbolic links \(ELOOP\)/);
  });

  it('refuses -o "" and reads -o - as standard output', async () => {
    const empty = await cli(["estimate", W, "-o", ""]);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/the output path is empty/);
    const dash = await cli(["estimate", W, "-o", "-"]);
    expect(dash.exitCode).toBe(0);
    expect(dash.stdout).toMatch(/^support-assistant/);
    expect(dash.stderr).not.toMatch(/wrote/);
  });
});
