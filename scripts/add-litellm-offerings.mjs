#!/usr/bin/env node
// Add offerings the catalog lacks from LiteLLM's git history (the JSON written by
// scripts/litellm-history.mjs), for the open-weights hosts and the smaller Western APIs: every key of
// a provider's LiteLLM names that no catalog offering (id, alias or source key) covers becomes an
// offering whose history is the key's timeline — each price it carried for at least MIN_DAYS days
// (shorter ones are taken for typos LiteLLM fixed) is an entry with its commit URL, and when the key
// left the map for good, the last entry gets `until:` that day. Date basis, said in every entry's
// notes: first seen in LiteLLM (commit date) for `from`; for `until`, the day LiteLLM's map stopped
// listing the key (the provider may have withdrawn it earlier or later).
//
//   node scripts/add-litellm-offerings.mjs HISTORY.json [--write] [--providers a,b,c]
//
// Without --write it prints the proposals. Keys left out on purpose are in SKIP (with the reason,
// also listed in pricing-data/GAPS.md). Not part of the build or the tests.

import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

const MIN_DAYS = 14;
const args = process.argv.slice(2);
const historyFile = args.find((a) => !a.startsWith("--"));
const write = args.includes("--write");
const pi = args.indexOf("--providers");
const PROVIDERS = (pi >= 0 ? args[pi + 1] : "groq,together,fireworks,deepinfra,xai,cerebras,nebius").split(",");

const LITELLM = {
  groq: "groq",
  together: "together_ai",
  fireworks: "fireworks_ai",
  deepinfra: "deepinfra",
  xai: "xai",
  cerebras: "cerebras",
  nebius: "nebius",
};

/** Not models (size tiers, defaults), or not priced per token (audio, images, embeddings). */
const NOT_A_MODEL =
  /^(together-ai-|fireworks-ai-)|embed|bge-|e5-mistral|llama-guard|whisper|tts|rerank|flux|diffusion|asr|ssd-1b|playai|\/$/i;

/** Keys reviewed and left out, with the reason (pricing-data/GAPS.md lists them). */
const SKIP = new Map([
  [
    "groq/gemma-7b-it",
    "the key flips between 0.07/0.07 and 0.05/0.08 around 2026-01 in the mirror; 0.1/0.1 then 0.07/0.07 not corroborated",
  ],
]);

/**
 * Fireworks: LiteLLM added ~200 keys on 2025-12-09 in one bulk commit, most priced at Fireworks'
 * size-tier rates (0.1 / 0.2 / 0.5 / 0.9 / 1.2 flat) by a rule, some visibly wrong (llama-v2-70b at
 * 0.1). Those flat bulk prices are left out; keys with distinct input and output prices are kept.
 */
function bulkTier(pid, pts) {
  const p = pts[0];
  return pid === "fireworks" && p.date === "2025-12-09" && p.input === p.output;
}

const history = JSON.parse(readFileSync(historyFile, "utf8")).keys;
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
const same = (a, b) =>
  !!a.removed === !!b.removed && a.input === b.input && a.output === b.output && a.cached_input === b.cached_input;

/** Priced points and removals; blips under MIN_DAYS dropped (unless last), repeats merged. */
function timeline(key) {
  let pts = history[key]
    .filter((p) => p.removed || (p.input !== null && !(p.input === 0 && !p.output)))
    .map((p) => ({ ...p }));
  for (let changed = true; changed; ) {
    changed = false;
    const out = [];
    for (let i = 0; i < pts.length; i++) {
      const end = pts[i + 1]?.date;
      if (end !== undefined && day(end) - day(pts[i].date) < MIN_DAYS) {
        changed = true;
        continue;
      }
      const prev = out[out.length - 1];
      if ((prev && same(prev, pts[i])) || (!prev && pts[i].removed)) {
        if (prev) changed = true;
        continue;
      }
      out.push(pts[i]);
    }
    pts = out;
  }
  return pts;
}

function idFor(pid, key) {
  let id = (key.startsWith("accounts/") ? key : key.slice(key.indexOf("/") + 1)).toLowerCase();
  if (pid === "fireworks" && !id.startsWith("accounts/")) id = `accounts/fireworks/models/${id}`;
  return id;
}

const NOTE = "date basis: first seen in LiteLLM's price map (commit date); the provider may have listed it earlier";
let offerings = 0;
let points = 0;
for (const pid of PROVIDERS) {
  const file = `pricing-data/providers/${pid}.yaml`;
  const doc = parseDocument(readFileSync(file, "utf8"));
  const data = doc.toJS().models ?? [];
  const taken = new Set(data.flatMap((m) => [m.id, ...(m.aliases ?? [])]));
  const srcKeys = new Set();
  for (const m of data)
    for (const e of m.prices) for (const k of `${e.source ?? ""}`.matchAll(/\bkey ([^\s;),]+)/g)) srcKeys.add(k[1]);
  const found = new Map();
  for (const key of Object.keys(history)) {
    const t = history[key];
    if (t[t.length - 1].litellm_provider !== LITELLM[pid] || NOT_A_MODEL.test(key) || srcKeys.has(key)) continue;
    if (!key.includes("/")) continue;
    const id = idFor(pid, key);
    const short = id.split("/").pop();
    if (taken.has(id) || taken.has(short)) continue;
    // fireworks_ai/<name> for a router: the same offering as fireworks_ai/accounts/fireworks/routers/<name>.
    if (
      pid === "fireworks" &&
      !key.includes("/accounts/") &&
      history[`fireworks_ai/accounts/fireworks/routers/${short}`]
    )
      continue;
    if (SKIP.has(key)) {
      console.log(`${pid}: skip ${key}: ${SKIP.get(key)}`);
      continue;
    }
    const pts = timeline(key);
    if (pts.length === 0 || bulkTier(pid, pts)) continue;
    // Two keys for one id (LiteLLM renamed it): the earlier timeline, without its end while the
    // other key is still listed.
    const prev = found.get(id);
    const listed = (p) => !p.pts[p.pts.length - 1].removed;
    const cur = { key, pts };
    const [first, other] = !prev || pts[0].date < prev.pts[0].date ? [cur, prev] : [prev, cur];
    if (other && listed(other) && !listed(first)) first.pts = first.pts.slice(0, -1);
    found.set(id, first);
  }
  for (const [id, { key, pts }] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const prices = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i];
      if (p.removed) continue;
      const e = { from: p.date };
      const next = pts[i + 1];
      if (next?.removed) e.until = next.date;
      e.input = p.input;
      if (p.output !== null) e.output = p.output;
      if (p.cached_input !== null) e.cached_input = p.cached_input;
      e.source = `${p.url} (LiteLLM price map, key ${key}, first seen ${p.date})${
        e.until ? ` ; ${next.url} (key no longer listed, ${next.date})` : ""
      }`;
      e.notes = `${NOTE}.${e.until ? " until: the day LiteLLM's map stopped listing the key (date basis: last seen in LiteLLM); the provider may have withdrawn it earlier." : ""}`;
      prices.push(e);
    }
    if (prices.length === 0) continue;
    const m = { id };
    const short = id.split("/").pop();
    if (pid === "fireworks" && !taken.has(short)) {
      m.aliases = [short];
      taken.add(short);
    }
    taken.add(id);
    m.prices = prices;
    offerings++;
    points += prices.length;
    console.log(
      `${pid}: + ${id} ${prices.map((e) => `${e.from}${e.until ? `..${e.until}` : ""} ${e.input}/${e.output}`).join(", ")}`,
    );
    if (write) doc.get("models").items.push(doc.createNode(m));
  }
  if (write) writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
}
console.error(`${offerings} offerings, ${points} price points`);
