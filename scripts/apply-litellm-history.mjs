#!/usr/bin/env node
// Extend the catalog's Western and cloud offerings back in time from a LiteLLM price history (the
// JSON written by scripts/litellm-history.mjs). For each offering whose first price is an as-of
// entry (an import's date: "the price may have started earlier"), the LiteLLM key it was imported
// from (named in its source, or found by id) is followed back:
//   - the price it carried continuously up to that entry is dated from its first sighting in
//     LiteLLM (the entry's `from` moves back; the old date stays as `checked`, its source kept);
//   - earlier, different prices LiteLLM listed for at least MIN_DAYS days become entries of their own
//     (a shorter one is taken for a typo LiteLLM fixed).
// Every point names its commit URL; the date basis is "first seen in LiteLLM" and says so.
//
//   node scripts/apply-litellm-history.mjs HISTORY.json [--write] [--providers a,b,c]
//
// Without --write it prints the proposals. Not part of the build or the tests.

import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

const MIN_DAYS = 14;
const args = process.argv.slice(2);
const historyFile = args.find((a) => !a.startsWith("--"));
const write = args.includes("--write");
const pi = args.indexOf("--providers");
const PROVIDERS = (
  pi >= 0 ? args[pi + 1] : "azure,aws-bedrock,google-vertex,openai,anthropic,google,mistral,cohere"
).split(",");

/** LiteLLM provider names that feed each catalog provider. */
const LITELLM = {
  azure: ["azure"],
  "aws-bedrock": ["bedrock", "bedrock_converse"],
  "google-vertex": [
    "vertex_ai-language-models",
    "vertex_ai-anthropic_models",
    "vertex_ai-embedding-models",
    "vertex_ai-llama_models",
    "vertex_ai-mistral_models",
    "vertex_ai-openai_models",
    "vertex_ai-qwen_models",
    "vertex_ai-deepseek_models",
    "vertex_ai-chat-models",
    "vertex_ai-text-models",
    "vertex_ai",
  ],
  openai: ["openai", "text-completion-openai"],
  anthropic: ["anthropic"],
  google: ["gemini"],
  mistral: ["mistral"],
  cohere: ["cohere", "cohere_chat"],
  groq: ["groq"],
  together: ["together_ai"],
  fireworks: ["fireworks_ai"],
  deepinfra: ["deepinfra"],
  xai: ["xai"],
  cerebras: ["cerebras"],
};
const PREFIX = {
  azure: ["azure/"],
  "aws-bedrock": ["", "bedrock/"],
  "google-vertex": ["vertex_ai/", ""],
  openai: [""],
  anthropic: [""],
  google: ["gemini/"],
  mistral: ["mistral/"],
  cohere: ["", "cohere_chat/", "cohere/"],
  groq: ["groq/"],
  together: ["together_ai/"],
  fireworks: ["fireworks_ai/accounts/fireworks/models/", "fireworks_ai/"],
  deepinfra: ["deepinfra/"],
  xai: ["xai/"],
  cerebras: ["cerebras/"],
};

const history = JSON.parse(readFileSync(historyFile, "utf8")).keys;

/**
 * Earlier LiteLLM prices reviewed by hand and left out (LiteLLM's own errors, later corrected, or a
 * key that meant another model then). Each is listed in pricing-data/GAPS.md with its reason.
 */
const REJECT = new Map([
  ["azure/o1-mini@2025-03-06", "1.21/4.84 is the Regional deployment price (1.1 x Global), not Global Standard"],
  [
    "aws-bedrock/meta.llama3-1-70b-instruct-v1:0@2024-07-24",
    "2.65/3.5 is Llama 3 70B's price, copied to the 3.1 key; corrected to 0.99/0.99",
  ],
  [
    "aws-bedrock/meta.llama3-1-8b-instruct-v1:0@2024-07-24",
    "0.4/0.6 is Llama 3 8B's price, copied to the 3.1 key; corrected to 0.22/0.22",
  ],
  [
    "aws-bedrock/amazon.titan-embed-text-v2:0@2024-05-03",
    "0.2 per 1M is ten times AWS's $0.00002/1K; corrected in LiteLLM",
  ],
  ["google-vertex/text-embedding-004@2024-06-12", "a per-character figure (0.00625) entered as per token"],
  ["google-vertex/text-multilingual-embedding-002@2024-06-12", "a per-character figure (0.00625) entered as per token"],
  [
    "google-vertex/claude-3-opus@20240229@2024-04-15",
    "1.5/7.5 is a tenth of Claude 3 Opus's $15/$75; corrected in LiteLLM",
  ],
  [
    "google/gemini-1.0-pro@2024-06-17",
    "0.35/1.05 does not match Google's Gemini 1.0 Pro list ($0.50/$1.50); not corroborated",
  ],
  ["mistral/open-mixtral-8x7b@2024-04-17", "2/6 is Mistral Small's price on the Mixtral key; corrected to 0.7/0.7"],
  ["mistral/mistral-large-2512@2026-03-02", "not corroborated by Mistral's announcement"],
  ["cohere/command-light@2023-09-13", "15/15 for the light model is not corroborated"],
  ["cohere/command@2023-09-13", "15/15 (2023 'Generate' pricing) is not corroborated by a dated Cohere page"],
  ["groq/llama-3.1-8b-instant@2024-07-24", "0.59/0.79 is Groq's 70B price on the 8B key; corrected to 0.05/0.08"],
  ["groq/llama3-8b-8192@2024-04-19", "0.1/0.1 is not corroborated by Groq's launch list"],
  ["mistral/codestral-2501@2024-05-31", "codestral-latest meant Codestral 2405 then"],
]);
/** Keys to follow before a date, where the offering's own key appeared late in LiteLLM. */
const EARLY_KEY = new Map([
  // Until gpt-4o-2024-08-06 shipped, Azure's only GPT-4o version was 2024-05-13: the `azure/gpt-4o`
  // deployment key priced it from 2024-05-31.
  ["azure/gpt-4o-2024-05-13", { key: "azure/gpt-4o", before: "2024-08-06" }],
]);
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
const close = (a, b) =>
  (a ?? null) === null || (b ?? null) === null
    ? (a ?? null) === (b ?? null)
    : Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
const samePrice = (p, e) =>
  close(p.input, e.input) && close(p.output, e.output) && close(p.cached_input, e.cached_input);
const isAsOf = (e) => /may have started earlier|as-of/i.test(`${e.notes ?? ""}`);

function keyFor(pid, m) {
  for (const e of m.prices) {
    const k = /\bkey ([^\s;),]+)/.exec(e.source ?? "")?.[1];
    if (k && history[k]) return k;
  }
  // Only the id itself: an alias such as `codestral-latest` may have meant another snapshot then.
  for (const name of [m.id])
    for (const pre of PREFIX[pid] ?? [""]) {
      const k = `${pre}${name}`;
      const t = history[k];
      if (t && LITELLM[pid].includes(t[t.length - 1].litellm_provider)) return k;
    }
  return undefined;
}

/**
 * The key's timeline before `before`: priced points (a 0/0 is LiteLLM's "unknown"), typos
 * (< MIN_DAYS) dropped, repeats merged. `noOutput`: the offering has no output price (embeddings),
 * so LiteLLM's output 0 is ignored.
 */
function timeline(key, before, noOutput, early) {
  const raw = [
    ...(early ? history[early.key].filter((p) => p.date < early.before).map((p) => ({ ...p, key: early.key })) : []),
    ...history[key].filter((p) => !early || p.date >= early.before),
  ];
  let pts = raw
    .filter((p) => p.date < before && !p.removed && p.input !== null && !(p.input === 0 && !p.output))
    .map((p) => (noOutput ? { ...p, output: null } : p));
  for (let changed = true; changed; ) {
    changed = false;
    const out = [];
    for (let i = 0; i < pts.length; i++) {
      const end = pts[i + 1]?.date ?? before;
      if (day(end) - day(pts[i].date) < MIN_DAYS && i + 1 < pts.length) {
        changed = true;
        continue;
      }
      const prev = out[out.length - 1];
      if (prev && samePrice(prev, pts[i])) {
        changed = true;
        continue;
      }
      out.push(pts[i]);
    }
    pts = out;
  }
  return pts;
}

const fmt = (p) => `${p.input}/${p.output}${p.cached_input !== null ? ` c${p.cached_input}` : ""}`;
const basis = (k, p) => `${p.url} (LiteLLM price map, key ${p.key ?? k}, first seen ${p.date})`;
const NOTE = "date basis: first seen in LiteLLM's price map (commit date); the provider may have listed it earlier";

let added = 0;
let moved = 0;
for (const pid of PROVIDERS) {
  const file = `pricing-data/providers/${pid}.yaml`;
  const src = readFileSync(file, "utf8");
  const doc = parseDocument(src);
  const models = doc.get("models");
  const data = doc.toJS().models ?? [];
  data.forEach((m, mi) => {
    const first = m.prices.find((e) => !e.currency || e.currency === "USD");
    if (!first || !isAsOf(first) || first.free) return;
    const key = keyFor(pid, m);
    if (!key) return;
    const early = EARLY_KEY.get(`${pid}/${m.id}`);
    const pts = timeline(key, String(first.from), first.output === undefined, early).filter((p) => {
      const why = REJECT.get(`${pid}/${m.id}@${p.date}`);
      if (why) console.log(`${pid}/${m.id}: - ${p.date} ${fmt(p)} rejected: ${why}`);
      return !why;
    });
    if (pts.length === 0) return;
    const prices = models.get(mi).get("prices");
    const idx = m.prices.indexOf(first);
    let earlier = pts;
    const last = pts[pts.length - 1];
    if (samePrice(last, first)) {
      earlier = pts.slice(0, -1);
      console.log(`${pid}/${m.id}: ${first.from} -> ${last.date} (${fmt(last)}) [${key}]`);
      moved++;
      if (write) {
        const node = prices.get(idx);
        const oldFrom = String(first.from);
        node.set("from", last.date);
        if (!first.checked || String(first.checked) < oldFrom) node.set("checked", oldFrom);
        node.set("source", `${basis(key, last)} ; ${first.source ?? ""}`.trim());
        // Keep what the old note said beyond "as-of" (a peer's disagreement, explained).
        const kept = String(first.notes ?? "")
          .replace(/^as-of date from the LiteLLM [0-9-]+ snapshot; the price may have started earlier;?\s*/, "")
          .trim();
        node.set(
          "notes",
          `${NOTE}. Still this price on ${oldFrom}${first.checked ? ` and ${first.checked}` : ""}.${kept ? ` Earlier note: ${kept}` : ""}`,
        );
      }
    }
    for (const p of earlier.reverse()) {
      console.log(`${pid}/${m.id}: + ${p.date} ${fmt(p)} [${key}]`);
      added++;
      if (write) {
        const e = { from: p.date, input: p.input };
        if (p.output !== null) e.output = p.output;
        if (p.cached_input !== null) e.cached_input = p.cached_input;
        e.source = basis(key, p);
        e.notes = `${NOTE}.`;
        prices.items.splice(idx, 0, doc.createNode(e));
      }
    }
  });
  if (write) writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
}
console.error(`${moved} entries dated back, ${added} earlier entries added`);
