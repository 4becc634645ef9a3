#!/usr/bin/env node
// Mine the git history of LiteLLM's price map (model_prices_and_context_window.json) into dated
// price timelines, one per LiteLLM key: the first commit on the main line in which each price
// appeared, and each later change. Date basis: the commit's committer date, i.e. "first seen in
// LiteLLM" (a provider's own announcement may be earlier; LiteLLM may also correct its own errors).
//
//   node scripts/litellm-history.mjs --out history.json \
//     GITDIR[@REF][#URLBASE] [GITDIR[@REF][#URLBASE] ...]
//
// GITDIR is a git directory holding the map (a clone of BerriAI/litellm, or a mirror of its map such
// as RoCry/llm-api-price); REF (default HEAD) is walked with --first-parent; URLBASE is the commit
// URL prefix recorded as each point's source (default https://github.com/BerriAI/litellm/commit/).
// Several repositories are read in order and their timelines joined; a later repository's commits
// dated on or before the previous one's last commit are skipped.
//
// Output: { generated_from: [...], keys: { "<key>": [ {date, commit, url, litellm_provider,
// input, output, cached_input} ] } } with prices per 1M tokens (null when the map has none), a point
// only when a price changes, the key appears, or it disappears (all prices null, `removed: true`).
// Not part of the build or the tests: run by hand when the catalog's history is extended.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const FILE = "model_prices_and_context_window.json";

function parseArgs(argv) {
  const repos = [];
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") out = argv[++i];
    else {
      const [spec, urlBase] = a.split("#");
      const [dir, ref] = spec.split("@");
      repos.push({ dir, ref: ref || "HEAD", urlBase: urlBase || "https://github.com/BerriAI/litellm/commit/" });
    }
  }
  if (!out || repos.length === 0) {
    process.stderr.write("usage: node scripts/litellm-history.mjs --out FILE GITDIR[@REF][#URLBASE]...\n");
    process.exit(2);
  }
  return { repos, out };
}

const git = (dir, args) => execFileSync("git", ["--git-dir", dir, ...args], { maxBuffer: 1 << 28, encoding: "utf8" });

/** Per 1M tokens, rounded to 10 significant digits so 2.5e-6 * 1e6 reads 2.5. */
const perM = (v) => (typeof v === "number" && Number.isFinite(v) ? Number((v * 1e6).toPrecision(10)) : null);

function pricesOf(entry) {
  return {
    litellm_provider: typeof entry.litellm_provider === "string" ? entry.litellm_provider : null,
    input: perM(entry.input_cost_per_token),
    output: perM(entry.output_cost_per_token),
    cached_input: perM(entry.cache_read_input_token_cost),
  };
}

const same = (a, b) => a.input === b.input && a.output === b.output && a.cached_input === b.cached_input;

function main() {
  const { repos, out } = parseArgs(process.argv.slice(2));
  const keys = new Map();
  const last = new Map();
  const from = [];
  let lastDate = "";
  for (const r of repos) {
    const log = git(r.dir, ["log", "--first-parent", "--reverse", "--format=%H %cI", r.ref, "--", FILE])
      .trim()
      .split("\n")
      .filter(Boolean);
    let used = 0;
    for (const line of log) {
      const [sha, iso] = line.split(" ");
      const date = iso.slice(0, 10);
      if (date <= lastDate && used === 0 && from.length > 0) continue;
      let map;
      try {
        map = JSON.parse(git(r.dir, ["show", `${sha}:${FILE}`]));
      } catch {
        continue; // a commit that left the file unparsable: the next one fixes it
      }
      used++;
      const url = `${r.urlBase}${sha}`;
      const seen = new Set();
      for (const [key, entry] of Object.entries(map)) {
        if (key === "sample_spec" || entry === null || typeof entry !== "object") continue;
        seen.add(key);
        const p = pricesOf(entry);
        const prev = last.get(key);
        if (prev && !prev.removed && same(prev, p)) continue;
        const point = { date, commit: sha, url, ...p };
        if (!keys.has(key)) keys.set(key, []);
        keys.get(key).push(point);
        last.set(key, point);
      }
      for (const [key, prev] of last)
        if (!seen.has(key) && !prev.removed) {
          const point = {
            date,
            commit: sha,
            url,
            litellm_provider: prev.litellm_provider,
            input: null,
            output: null,
            cached_input: null,
            removed: true,
          };
          keys.get(key).push(point);
          last.set(key, point);
        }
      lastDate = date;
    }
    from.push({ dir: r.dir, ref: r.ref, url_base: r.urlBase, commits: used });
    process.stderr.write(`${r.dir}: ${used} versions read\n`);
  }
  const sorted = Object.fromEntries([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(out, `${JSON.stringify({ generated_from: from, keys: sorted }, null, 1)}\n`);
  process.stderr.write(`${keys.size} keys written to ${out}\n`);
}

main();
