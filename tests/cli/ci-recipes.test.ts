import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scratchDir } from "../helpers/cli.js";

/**
 * The recipes of docs/ci.md, run as written: the `run:` steps of the GitHub workflow and the
 * `script:` lines of the GitLab job, in a scratch git repository whose main branch holds
 * examples/ci-base.yaml as llmcost.yaml and whose feature branch holds examples/ci-head.yaml.
 * `llmcost` runs the built binary; `npm` and `gh` are stand-ins that record their arguments.
 */

const ROOT = resolve(".");
const DOC = readFileSync("docs/ci.md", "utf8");

function recipe(name: string): unknown {
  const m = new RegExp(`<!-- recipe: ${name} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!m) throw new Error(`docs/ci.md has no '<!-- recipe: ${name} -->' yaml block`);
  return parse(m[1] as string);
}

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

function githubSteps(): Step[] {
  const wf = recipe("github") as { jobs: Record<string, { steps: Step[] }> };
  const jobs = Object.values(wf.jobs);
  expect(jobs).toHaveLength(1);
  return (jobs[0] as { steps: Step[] }).steps;
}

function gitlabScript(): string[] {
  const ci = recipe("gitlab") as Record<string, { script: string[] }>;
  return (ci.llmcost as { script: string[] }).script;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "init.defaultBranch=main", "-c", "user.name=ci", "-c", "user.email=ci@example.test", ...args],
    {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** A clone on a feature branch whose llmcost.yaml is `head`, with origin/main holding ci-base.yaml. */
function scratchRepo(head: string): { work: string; env: Record<string, string>; calls: string } {
  const dir = scratchDir("llmcost-ci-");
  const origin = join(dir, "origin.git");
  const seed = join(dir, "seed");
  const work = join(dir, "work");
  git(dir, "init", "-q", "--bare", origin);
  mkdirSync(seed);
  git(seed, "init", "-q");
  copyFileSync(join(ROOT, "examples/ci-base.yaml"), join(seed, "llmcost.yaml"));
  git(seed, "add", "llmcost.yaml");
  git(seed, "commit", "-q", "-m", "base");
  git(seed, "push", "-q", origin, "HEAD:main");
  git(dir, "clone", "-q", origin, work);
  git(work, "checkout", "-q", "-b", "feature");
  writeFileSync(join(work, "llmcost.yaml"), head);
  git(work, "commit", "-q", "-am", "head");
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const calls = join(dir, "calls.log");
  const shim = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  shim("llmcost", `exec "${process.execPath}" "${join(ROOT, "bin/llmcost.js")}" "$@"`);
  shim("npm", `echo "npm $*" >> "${calls}"`);
  // gh: --edit-last fails while the bot has no comment yet (as the real one does); the body is kept.
  shim(
    "gh",
    `echo "gh $*" >> "${calls}"
case "$*" in *--edit-last*) [ -f "${calls}.comment" ] || exit 1 ;; esac
while [ $# -gt 0 ]; do [ "$1" = "--body-file" ] && cp "$2" "${calls}.comment"; shift; done`,
  );
  const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, NO_COLOR: "1" };
  return { work, env, calls };
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
}

const HEAD = readFileSync("examples/ci-head.yaml", "utf8");
// chat at 40k requests a day: 2 × $167.90 = $335.80, over its $300 budget
const OVER = HEAD.replace("requests_per_day: 30k", "requests_per_day: 40k");

describe("docs/ci.md recipes", () => {
  it("GitHub Actions: prices the base, comments the Markdown diff, passes the gate", () => {
    const { work, env, calls } = scratchRepo(HEAD);
    const steps = githubSteps().filter((s) => s.run !== undefined);
    expect(steps.map((s) => s.name)).toEqual([
      "Install llmcost",
      "Price the base branch",
      "Comment the cost diff",
      "Budget gate",
    ]);
    for (const s of steps) {
      const stepEnv = Object.fromEntries(Object.keys(s.env ?? {}).map((k) => [k, k === "PR" ? "7" : "test-token"]));
      const r = bash(s.run as string, work, { ...env, GITHUB_BASE_REF: "main", ...stepEnv });
      expect(r.status, `${s.name}: ${r.stderr}`).toBe(0);
    }
    const log = readFileSync(calls, "utf8");
    // llmcost is not on the npm registry: the recipe installs a tarball made with `npm pack`
    expect(log).toContain("npm install --global ./vendor/llmcost-0.1.0.tgz");
    expect(log).not.toMatch(/npm install --global llmcost(\s|$)/m);
    expect(log).toContain("gh pr comment 7 --body-file llmcost-diff.md --edit-last");
    const comment = readFileSync(`${calls}.comment`, "utf8");
    expect(comment.split("\n")[0]).toBe("<!-- llmcost-diff -->");
    // base $175.20 (chat 167.90 + embeddings 7.30) → head $290.20 (+ chat 83.95, + nightly 31.05)
    expect(comment).toContain("### llmcost diff: support-bot: $175.20 → $290.20 per month (+$115.00, +66%)");
    expect(comment).toContain("| nightly-summaries (added) | — | $31.05 | +$31.05 | new |");
    expect(comment).toContain("<details>");
    expect(JSON.parse(readFileSync(join(work, "base.json"), "utf8")).total).toBeCloseTo(175.2, 9);
  });

  it("GitHub Actions: the gate fails the job when the pull request blows a budget", () => {
    const { work, env } = scratchRepo(OVER);
    const steps = githubSteps().filter((s) => s.run !== undefined);
    const codes = steps.map(
      (s) => bash(s.run as string, work, { ...env, GITHUB_BASE_REF: "main", PR: "7", GH_TOKEN: "t" }).status,
    );
    expect(codes).toEqual([0, 0, 0, 1]);
  });

  it("GitLab CI: the script runs, writes the diff artifact, and fails over budget", () => {
    const script = gitlabScript().join("\n");
    const ok = scratchRepo(HEAD);
    const r = bash(script, ok.work, { ...ok.env, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main" });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(ok.calls, "utf8")).toContain("npm install --global ./vendor/llmcost-0.1.0.tgz");
    expect(r.stdout).toContain("PASS: all 2 budgets hold");
    const md = readFileSync(join(ok.work, "llmcost-diff.md"), "utf8");
    expect(md).toContain("+$115.00, +66%");
    const over = scratchRepo(OVER);
    const f = bash(script, over.work, { ...over.env, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main" });
    expect(f.status).toBe(1);
    expect(f.stdout).toMatch(/chat\s+\$300\.00\s+\$335\.80\s+\$35\.80 over\s+EXCEEDED/);
    expect(existsSync(join(over.work, "llmcost-diff.md"))).toBe(true);
  });
});
