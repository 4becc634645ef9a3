import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, scratchDir } from "../helpers/cli.js";

/**
 * Every `$schema` reference llmcost writes resolves (issue 13): each generated YAML file's modeline
 * is followed, relative to the file (as yaml-language-server reads it), to a JSON Schema on disk
 * that accepts the file's own `llmcost:`/`schema:` shape. Text printed on stdout carries no
 * modeline (nothing is written beside it).
 */

/** The `$schema=` references in a text (modelines and JSON keys alike). */
function references(text: string): string[] {
  return [...text.matchAll(/\$schema"?\s*[=:]\s*"?([^"\s,]+)/g)].map((m) => m[1] as string);
}

function follow(file: string): Record<string, unknown>[] {
  const refs = references(readFileSync(file, "utf8"));
  return refs.map((ref) => {
    expect(ref, `${file}: a reference relative to the file`).toMatch(/^\.\//);
    const target = resolve(dirname(file), ref);
    expect(existsSync(target), `${file}: $schema=${ref} → ${target}`).toBe(true);
    return JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
  });
}

const LITELLM = JSON.stringify({
  "gpt-4o-mini": {
    litellm_provider: "openai",
    mode: "chat",
    input_cost_per_token: 1.5e-7,
    output_cost_per_token: 6e-7,
  },
});

describe("$schema references llmcost writes", () => {
  it("init FILE: the modeline points at workload.schema.json, written beside it", async () => {
    const dir = scratchDir("llmcost-refs-");
    const file = join(dir, "sub-llmcost.yaml");
    const r = await cli(["init", file]);
    expect(r.exitCode, r.stderr).toBe(0);
    const [schema, ...more] = follow(file);
    expect(more).toEqual([]);
    expect(schema?.title).toBe("llmcost workload (llmcost: 1)");
    // the same text `llmcost schema workload` prints
    expect(readFileSync(join(dir, "workload.schema.json"), "utf8")).toBe((await cli(["schema", "workload"])).stdout);
  });

  it("catalog import -o FILE and catalog refresh -o FILE: catalog-overlay.schema.json beside the file", async () => {
    const dir = scratchDir("llmcost-refs-");
    const data = join(dir, "litellm.json");
    writeFileSync(data, LITELLM);
    const imported = join(dir, "imported.yaml");
    const i = await cli(["catalog", "import", "litellm", data, "--date", "2026-11-22", "-o", imported]);
    expect(i.exitCode, i.stderr).toBe(0);
    const refreshed = join(dir, "refresh.yaml");
    const f = await cli(["catalog", "refresh", data, "--date", "2026-11-22", "-o", refreshed]);
    expect(f.exitCode, f.stderr).toBe(0);
    for (const file of [imported, refreshed]) {
      const [schema, ...more] = follow(file);
      expect(more).toEqual([]);
      expect(schema?.title).toBe("llmcost catalog overlay (--catalog FILE, schema: 1)");
      expect(parse(readFileSync(file, "utf8")).schema).toBe(1);
    }
  });

  it("text printed on stdout carries no modeline, only how to get one", async () => {
    const dir = scratchDir("llmcost-refs-");
    const data = join(dir, "litellm.json");
    writeFileSync(data, LITELLM);
    const outs = [
      await cli(["init", "-"]),
      await cli(["catalog", "import", "litellm", data, "--date", "2026-11-22"]),
      await cli(["catalog", "refresh", data, "--date", "2026-11-22"]),
      await cli(["catalog", "import", "litellm", data, "--date", "2026-11-22", "-o", "-"]),
    ];
    for (const o of outs) {
      expect(o.exitCode, o.stderr).toBe(0);
      expect(references(o.stdout)).toEqual([]);
      expect(o.stdout).toContain("Editor completion: write this with -o FILE");
    }
  });

  it("keeps a user's own file of that name, and says the reference points at it", async () => {
    const dir = scratchDir("llmcost-refs-");
    writeFileSync(join(dir, "workload.schema.json"), '{"title": "mine"}\n');
    const r = await cli(["init", join(dir, "w.yaml")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("(not written by llmcost)");
    expect(readFileSync(join(dir, "workload.schema.json"), "utf8")).toBe('{"title": "mine"}\n');
  });

  it("the schema files in the package have no reference that does not resolve", () => {
    // JSON Schema's own "$schema" names the draft (a URL, not a file); no other reference is written.
    for (const name of ["workload", "catalog-overlay"]) {
      const text = readFileSync(join("schema", `${name}.json`), "utf8");
      expect(references(text)).toEqual(["http://json-schema.org/draft-07/schema#"]);
      for (const m of text.matchAll(/"\$ref":\s*"#\/definitions\/([^"]+)"/g))
        expect(Object.keys(JSON.parse(text).definitions ?? {})).toContain(m[1]);
    }
  });
});
