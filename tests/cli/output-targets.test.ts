import { spawnSync } from "node:child_process";
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, scratchDir } from "../helpers/cli.js";

describe("--output targets", () => {
  it("writes into a pipe behind a /proc link instead of replacing the link", () => {
    // /dev/stdout → /proc/self/fd/1 → pipe:[N]; a link of our own to the same place stands in for it,
    // so the test never touches the system's /dev/stdout.
    const dir = scratchDir("llmcost-out-");
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    // A real shell pipe (a spawned child's stdout here would be a socket, which Linux cannot open by path).
    const r = spawnSync("bash", ["-c", `"${process.execPath}" bin/llmcost.js schema workload -o "${link}" | cat`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).$schema).toMatch(/json-schema\.org/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true); // the link was written through, not replaced by a file
  });

  it("never writes colour into a file, even when colour is forced", () => {
    const dir = scratchDir("llmcost-out-");
    const file = join(dir, "report.txt");
    const r = bin(["estimate", "examples/support-assistant.yaml", "-o", file], { env: { FORCE_COLOR: "1" } });
    expect(r.exitCode).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/Total: \$/);
    expect(text).not.toMatch(/\u001b\[/);
  });
});

/**
 * main.ts writes stdout and stderr with blocking writes (docs/performance.md). Through a real
 * shell pipe: a large report arrives whole even when the reader is slow, a reader that stops early
 * is not an error, and the two streams stay apart.
 */
describe("writing to pipes", () => {
  const sh = (script: string) =>
    spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", NODE: process.execPath },
    });

  it("delivers a report larger than the pipe's buffer whole to a slow reader", () => {
    // catalog list --format json is about 0.5 MB, several times a pipe's 64 KB.
    const r = sh(`"$NODE" bin/llmcost.js catalog list --format json | (sleep 0.3; cat)`);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(r.stdout).api.length).toBeGreaterThan(500);
  });

  it("delivers a streamed report whole through a pipe someone made non-blocking (EAGAIN)", () => {
    // A Node process that shares the pipe makes it non-blocking for every writer (libuv sets
    // O_NONBLOCK on the shared file description); the reader waits, so the 64 KB pipe fills and
    // llmcost's writes meet EAGAIN and go on through Node's stream. The JSON of an estimate is
    // written in chunks from one reused buffer (src/cli/output.ts): what the stream holds must be
    // a copy, or later chunks would overwrite it before it is written.
    const dir = scratchDir("llmcost-nonblocking-");
    const file = join(dir, "w.yaml");
    let yaml = "llmcost: 1\nname: many\nas_of: 2026-11-01\ninference:\n";
    for (let i = 0; i < 400; i++)
      yaml += `  - {name: item-${i}, model: ${i % 2 ? "gpt-4o-mini" : "claude-3-5-haiku"}, requests_per_day: ${1000 + i}, input_tokens: 800, output_tokens: 200}\n`;
    writeFileSync(file, yaml);
    const blocking = sh(`"$NODE" bin/llmcost.js estimate "${file}" --format json`);
    expect(blocking.status).toBe(0);
    expect(blocking.stdout.length).toBeGreaterThan(1024 * 1024);
    const r = sh(
      `{ "$NODE" -e 'process.stdout.write(""); setTimeout(() => {}, 1500)' & "$NODE" bin/llmcost.js estimate "${file}" --format json; } | (sleep 0.5; cat)`,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(blocking.stdout);
  });

  it("exits 0, silently, when the reader stops early (EPIPE)", () => {
    const r = sh(
      `"$NODE" bin/llmcost.js catalog list --format json | head -c 100 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stderr).toBe("rc=0\n");
  });

  it("keeps stderr apart from stdout, and keeps the exit code", () => {
    const r = sh(`"$NODE" bin/llmcost.js estimate no-such.yaml 2>&1 >/dev/null | cat; echo "rc=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toMatch(/^error: no-such\.yaml: no such file\n[\s\S]*rc=2\n$/);
  });

  it("exits 4 with one line when standard output cannot be written (not 1: that reads as over budget)", () => {
    for (const cmd of ["estimate", "check"]) {
      const r = sh(`"$NODE" bin/llmcost.js ${cmd} examples/support-assistant.yaml >/dev/full`);
      expect(r.status).toBe(4);
      expect(r.stderr).toBe(
        "llmcost: cannot write standard output: no space left on the device (ENOSPC); the report is incomplete (exit 4)\n",
      );
    }
  });

  it("exits 4 when standard error cannot be written", () => {
    const r = sh(`"$NODE" bin/llmcost.js estimate no-such.yaml 2>/dev/full`);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe("");
  });
});
