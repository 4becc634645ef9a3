// Quick data check for catalog authors while the CLI is being built:
//   node scripts/dev-validate.mjs [pricing-data]
// Validates every YAML file against its zod schema and a few cross-file rules.
// (Superseded by `llmcost catalog validate` once that exists.)
import { build } from "esbuild";
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parse } from "yaml";

const dir = process.argv[2] ?? "pricing-data";
const out = join(mkdtempSync(join(tmpdir(), "llmc-")), "schema.mjs");
await build({ entryPoints: ["src/schema/catalog.ts"], bundle: true, format: "esm", platform: "node", outfile: out, logLevel: "error" });
const S = await import(out);
let faults = 0;
const fault = (f, m) => { faults++; console.log(`${f}: ${m}`); };
function check(file, schema) {
  let doc;
  try { doc = parse(readFileSync(file, "utf8"), { uniqueKeys: true }); } catch (e) { fault(file, e.message); return undefined; }
  const r = schema.safeParse(doc);
  if (!r.success) { for (const i of r.error.issues) fault(file, `${i.path.join(".")}: ${i.message}`); return undefined; }
  return r.data;
}
const hw = check(join(dir, "hardware.yaml"), S.HardwareFile);
const models = check(join(dir, "models.yaml"), S.ModelsFile);
check(join(dir, "fx.yaml"), S.FxFile);
check(join(dir, "catalog.yaml"), S.CatalogIndex);
const hwIds = new Set((hw?.accelerators ?? []).map((a) => a.id));
const modelIds = new Set((models?.models ?? []).map((m) => m.id));
let offerings = 0;
for (const f of readdirSync(join(dir, "providers")).filter((f) => f.endsWith(".yaml")).sort()) {
  const file = join(dir, "providers", f);
  const p = check(file, S.ProviderFile);
  if (!p) continue;
  if (`${p.provider.id}.yaml` !== f) fault(file, `provider.id ${p.provider.id} does not match the file name`);
  const seen = new Set();
  for (const m of p.models ?? []) {
    offerings++;
    for (const k of [m.id, ...(m.aliases ?? [])]) { if (seen.has(k)) fault(file, `duplicate id/alias ${k}`); seen.add(k); }
    if (m.model && !modelIds.has(m.model) && !seen.has(m.model)) fault(file, `${m.id}: model key ${m.model} not in models.yaml (warning if it is a closed model family key)`);
    const last = {};
    for (const e of m.prices) {
      const c = e.currency ?? p.provider.currency;
      if (last[c] && e.from <= last[c]) fault(file, `${m.id}: prices not in date order at ${e.from} (${c})`);
      last[c] = e.from;
      if (!e.source && !p.provider.source) fault(file, `${m.id}: no source`);
    }
  }
  for (const g of p.gpus ?? []) {
    offerings++;
    if (!hwIds.has(g.gpu)) fault(file, `gpu ${g.gpu} not in hardware.yaml`);
  }
}
console.log(`${faults} fault(s); ${offerings} offerings`);
process.exit(faults ? 2 : 0);
