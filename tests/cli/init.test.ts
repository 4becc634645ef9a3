import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { starterText, starterWorkload } from "../../src/cli/commands/init.js";
import { Workload } from "../../src/schema/workload.js";
import { cli, scratchDir, TODAY } from "../helpers/cli.js";
import { expectValidOutput } from "../helpers/schema.js";

describe("llmcost init", () => {
  it("writes a commented starter workload that estimate and check price at once", async () => {
    const dir = scratchDir("llmcost-init-");
    const file = join(dir, "llmcost.yaml");
    const r = await cli(["init", file]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`wrote ${file}`);
    const text = readFileSync(file, "utf8");
    // the editor header points at the schema init wrote beside it (no CDN: llmcost is not on the npm
    // registry); schema-refs.test.ts follows every such reference
    const lines = text.split("\n");
    expect(lines[0]).toBe("# yaml-language-server: $schema=./workload.schema.json");
    expect(r.stderr).toContain(`wrote ${join(dir, "workload.schema.json")}`);
    expect(lines[1]).toContain("llmcost schema workload prints it again");
    expect(text).not.toContain("unpkg");
    // the command the header names prints the workload schema (schema.test.ts keeps it equal to schema/)
    const s = await cli(["schema", "workload"]);
    expect(s.exitCode, s.stderr).toBe(0);
    expect(Object.keys(JSON.parse(s.stdout).properties)).toEqual(expect.arrayContaining(["llmcost", "inference"]));
    expect(text.split("\n").filter((l) => l.includes("#")).length).toBeGreaterThan(10);
    const e = await cli(["estimate", file, "--format", "json"]);
    expect(e.exitCode, e.stderr).toBe(0);
    const est = expectValidOutput(e.stdout);
    expect(est.catalog.as_of).toBe(TODAY);
    expect(est.complete).toBe(true);
    expect(est.total).toBeGreaterThan(0);
    const c = await cli(["check", file]);
    expect(c.exitCode, c.stdout).toBe(0);
  });

  it("is valid by construction: the YAML is exactly the typed starter, and the schema accepts it", () => {
    const text = starterText(TODAY);
    expect(parse(text)).toEqual(starterWorkload(TODAY));
    const r = Workload.safeParse(parse(text));
    expect(r.success).toBe(true);
  });

  it("refuses to overwrite without --force", async () => {
    const dir = scratchDir("llmcost-init-");
    const file = join(dir, "mine.yaml");
    writeFileSync(file, "keep me\n");
    const r = await cli(["init", file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${file}: already exists: not overwritten`);
    expect(r.stderr).toContain("--force");
    expect(readFileSync(file, "utf8")).toBe("keep me\n");
    const f = await cli(["init", file, "--force"]);
    expect(f.exitCode).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(starterText(TODAY));
  });

  it("prints to stdout with -, and the same bytes every run", async () => {
    const a = await cli(["init", "-"]);
    expect(a.exitCode).toBe(0);
    // printed, it has no modeline (nothing beside it can be written): schema-refs.test.ts
    expect(a.stdout).toBe(starterText(TODAY, false));
    expect((await cli(["init", "-"])).stdout).toBe(a.stdout);
  });
});
