import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jsonSchemaText, SCHEMA_NAMES, schemaIds } from "../../src/schema/json-schemas.js";
import { Quantity, Share } from "../../src/schema/primitives.js";
import { OverReport, TrendReport } from "../../src/schema/trend.js";
import { Workload } from "../../src/schema/workload.js";
import { cli, embedded } from "../helpers/cli.js";
import { expectValidDiff, expectValidOutput } from "../helpers/schema.js";

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  type?: string | string[];
  anyOf?: JsonSchema[];
};

describe("JSON Schema (schema/*.json, llmcost schema)", () => {
  it.each(SCHEMA_NAMES)("schema/%s.json is up to date with src/schema (else: npm run schema)", (name) => {
    const committed = readFileSync(join("schema", `${name}.json`), "utf8");
    expect(committed, `schema/${name}.json is stale: run 'npm run schema' and commit it`).toBe(
      jsonSchemaText(name, schemaIds(embedded())),
    );
  });

  it("has no stray files in schema/", () => {
    expect(readdirSync("schema").sort()).toEqual(SCHEMA_NAMES.map((n) => `${n}.json`).sort());
  });

  it("prints the same text as the committed files", async () => {
    const cases: Array<[string[], string]> = [
      [["schema", "workload"], "workload"],
      [["schema", "output"], "output"],
      [["schema", "diff"], "diff"],
      [["schema", "catalog"], "catalog-provider"],
      [["schema", "catalog", "hardware"], "catalog-hardware"],
      [["schema", "catalog", "overlay"], "catalog-overlay"],
      [["schema", "trend"], "trend"],
      [["schema", "over"], "over"],
    ];
    for (const [args, file] of cases) {
      const r = await cli(args);
      expect(r.exitCode, args.join(" ")).toBe(0);
      expect(r.stdout).toBe(readFileSync(join("schema", `${file}.json`), "utf8"));
    }
  });

  it("exits 2 on an unknown kind or part, with a hint", async () => {
    const a = await cli(["schema", "workloud"]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('did you mean "workload"?');
    const b = await cli(["schema", "catalog", "hardwear"]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('did you mean "hardware"?');
  });

  it("describes what users write: quantities and shares as numbers or strings, defaults optional", () => {
    const s = JSON.parse(jsonSchemaText("workload")) as JsonSchema & {
      required?: string[];
      additionalProperties?: boolean;
    };
    const item = s.properties?.inference?.items as JsonSchema & { required?: string[] };
    const types = (p: JsonSchema | undefined) => p?.anyOf?.map((f) => f.type);
    expect(types(item.properties?.input_tokens)).toEqual(["number", "string"]);
    expect(types(item.properties?.cached_input)).toEqual(["number", "string"]);
    expect(s.required).toEqual(["llmcost"]);
    expect(item.required).toEqual(["name", "model"]);
    expect(s.additionalProperties).toBe(false);
  });

  it("suggests the catalog's model, provider and GPU ids where a field names one, and accepts any other string", () => {
    const catalog = embedded();
    type Suggesting = { description?: string; anyOf?: Array<{ $ref?: string; type?: string; enum?: string[] }> };
    const s = JSON.parse(jsonSchemaText("workload", schemaIds(catalog))) as JsonSchema & {
      definitions: Record<string, { enum: string[] }>;
    };
    const listOf = (field: Suggesting | undefined): string[] => {
      const ref = field?.anyOf?.[0]?.$ref?.replace("#/definitions/", "") ?? "";
      // the other branch is a plain string: an alias (claude-3.5-sonnet) or an overlay's id still validates
      expect(field?.anyOf?.[1]).toMatchObject({ type: "string" });
      expect(field?.anyOf?.[1]?.enum).toBeUndefined();
      return s.definitions[ref]?.enum ?? [];
    };
    const inference = s.properties?.inference?.items as JsonSchema;
    const training = s.properties?.training?.items as JsonSchema;
    const selfHost = inference.properties?.self_host as JsonSchema;
    const models = listOf(inference.properties?.model as Suggesting);
    // every API offering id of every provider, and the architecture keys (self-hosting by architecture)
    for (const p of catalog.providers) for (const m of p.models ?? []) expect(models).toContain(m.id);
    expect(models).toContain("llama-3.1-70b");
    expect(models).not.toContain("claude-3.5-sonnet"); // aliases are not listed…
    const providers = listOf(inference.properties?.providers?.items as Suggesting);
    expect(providers).toEqual(catalog.providers.map((p) => p.provider.id).sort());
    expect(listOf(selfHost.properties?.gpu as Suggesting)).toContain("h100-sxm");
    expect(listOf(training.properties?.gpu as Suggesting)).toEqual(catalog.accelerators.map((a) => a.id).sort());
    const trainingModel = (training.properties?.model as JsonSchema | undefined)?.anyOf?.[0] as Suggesting;
    expect(listOf(trainingModel)).toEqual(catalog.models.map((m) => m.id).sort());
    // …and an alias still validates against the zod schema the JSON Schema is generated from
    const w = Workload.safeParse({
      llmcost: 1,
      inference: [{ name: "a", model: "claude-3.5-sonnet", requests: 1, providers: ["my-overlay-cloud"] }],
    });
    expect(w.success).toBe(true);
    // without ids (a library caller with no catalog), the fields are plain strings
    const plain = JSON.parse(jsonSchemaText("workload")) as JsonSchema;
    expect((plain.properties?.inference?.items as JsonSchema | undefined)?.properties?.model).toMatchObject({
      type: "string",
    });
  });

  it("knows every key the example workloads use (strict objects: an unknown key is an error in editors too)", () => {
    const s = JSON.parse(jsonSchemaText("workload")) as JsonSchema;
    const item = s.properties?.inference?.items as JsonSchema;
    const files = readdirSync("examples").filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const w = parse(readFileSync(join("examples", f), "utf8")) as Record<string, unknown>;
      if (w.llmcost !== 1) continue;
      for (const k of Object.keys(w)) expect(Object.keys(s.properties ?? {}), `${f}: ${k}`).toContain(k);
      for (const it of (w.inference ?? []) as Array<Record<string, unknown>>)
        for (const k of Object.keys(it))
          expect(Object.keys(item.properties ?? {}), `${f}: inference.${k}`).toContain(k);
    }
  });

  it("every `# yaml-language-server: $schema=` header points at the right committed schema", () => {
    const headers: Array<[string, string]> = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".yaml")) {
          const m = /^# yaml-language-server: \$schema=(\S+)/m.exec(readFileSync(p, "utf8"));
          if (m) headers.push([p, m[1] as string]);
        }
      }
    };
    walk("pricing-data");
    walk("examples");
    expect(headers.length).toBeGreaterThan(5);
    for (const [file, ref] of headers) {
      const target = join(file, "..", ref);
      const name = target.replace(/^schema\//, "").replace(/\.json$/, "");
      expect(SCHEMA_NAMES, `${file}: ${ref}`).toContain(name);
      const expected = file.startsWith("examples/")
        ? "workload"
        : file.includes("/providers/")
          ? "catalog-provider"
          : `catalog-${{ "catalog.yaml": "index", "fx.yaml": "fx", "hardware.yaml": "hardware", "models.yaml": "models", "quality.yaml": "quality" }[file.split("/").pop() as string] ?? "?"}`;
      expect(name, file).toBe(expected);
    }
  });
});

describe("every JSON golden matches its output schema", () => {
  const files = readdirSync("tests/golden", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
  it.each(files)("tests/golden/%s", (f) => {
    const data = JSON.parse(readFileSync(join("tests/golden", f), "utf8")) as Record<string, unknown>;
    if (data.kind === "diff") expectValidDiff(data);
    else if ("items" in data && "catalog" in data) expectValidOutput(data);
    // other shapes (trend series…) have their own schemas and tests
  });
});

describe("the trend and cost-over-time JSON: versioned, with a generated schema", () => {
  it("trend --format json parses with the trend schema, and the schema pins version and kind", async () => {
    const r = await cli(["trend", "gpt-4o", "gpt-4o-mini", "--forecast", "12m", "--format", "json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const data = TrendReport.parse(JSON.parse(r.stdout));
    expect(data.series.length).toBe(2);
    const s = JSON.parse(jsonSchemaText("trend")) as JsonSchema & { required?: string[] };
    expect(s.properties?.llmcost).toMatchObject({ const: 1 });
    expect(s.properties?.kind).toMatchObject({ const: "trend" });
    expect(s.required).toEqual(expect.arrayContaining(["llmcost", "kind", "series"]));
  });

  it("estimate --over --format json parses with the over schema, and the schema pins version and kind", async () => {
    const r = await cli(["estimate", "examples/mixed.yaml", "--over", "2024-01-01..2025-01-01", "--format", "json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const data = OverReport.parse(JSON.parse(r.stdout));
    expect(data.points.length).toBeGreaterThan(1);
    const s = JSON.parse(jsonSchemaText("over")) as JsonSchema;
    expect(s.properties?.llmcost).toMatchObject({ const: 1 });
    expect(s.properties?.kind).toMatchObject({ const: "estimate_over" });
  });
});

describe("the written forms of quantities and shares", () => {
  it("the JSON Schema patterns accept exactly what the zod schemas parse", () => {
    const s = JSON.parse(jsonSchemaText("workload")) as JsonSchema;
    const items = s.properties?.inference?.items as JsonSchema | undefined;
    const props = items?.properties ?? {};
    const pattern = (p: JsonSchema | undefined) =>
      new RegExp((p as { anyOf: Array<{ pattern?: string }> }).anyOf.find((f) => f.pattern)?.pattern as string);
    const q = pattern(props.input_tokens);
    const sh = pattern(props.cached_input);
    for (const v of ["15T", "1.5k", "2,000", "50e9", " 7 M", "1200"]) {
      expect(q.test(v), v).toBe(true);
      expect(Quantity.safeParse(v).success, v).toBe(true);
    }
    for (const v of ["15X", "abc", "-5", "1.5.5k", ""]) {
      expect(q.test(v), v).toBe(false);
      expect(Quantity.safeParse(v).success, v).toBe(false);
    }
    for (const v of ["60%", "12.5 %", "0%"]) {
      expect(sh.test(v), v).toBe(true);
      expect(Share.safeParse(v).success, v).toBe(true);
    }
    for (const v of ["60", "x%", "-5%"]) {
      expect(sh.test(v), v).toBe(false);
      expect(Share.safeParse(v).success, v).toBe(false);
    }
  });
});
