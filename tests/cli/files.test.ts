import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin, cli } from "../helpers/cli.js";

/**
 * Files that are missing, not files, unreadable or unwritable (issue 7): exit 2 with the path and
 * the reason, never an internal error, never a hang, and --output never leaves a partial file.
 * FIFOs and stdin go through the built binary (a regression there would block, and spawnSync has a
 * timeout; an in-process run would hang the test worker).
 */

const dir = mkdtempSync(join(tmpdir(), "llmcost-files-"));
afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});
const EXAMPLE = "examples/support-assistant.yaml";
const isRoot = process.getuid?.() === 0;

function expectInputError(r: { exitCode: number; stdout: string; stderr: string }, path: string, reason: RegExp) {
  expect(r.exitCode).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`error: ${path}`);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).not.toContain("internal error");
}

describe("reading", () => {
  it("a missing file: the path and 'no such file'", async () => {
    const p = join(dir, "nope.yaml");
    expectInputError(await cli(["estimate", p]), p, /no such file/);
  });

  it("a missing overlay catalog", async () => {
    const p = join(dir, "nope-catalog.yaml");
    expectInputError(await cli(["estimate", EXAMPLE, "--catalog", p]), p, /no such file/);
  });

  it("a directory", async () => {
    expectInputError(await cli(["estimate", dir]), dir, /is a directory/);
  });

  // root (CAP_DAC_OVERRIDE) reads a chmod 000 file anyway, so the EACCES path cannot be reached
  // as root: the test is skipped there rather than passing without checking anything.
  it.skipIf(isRoot)("a file without read permission", async () => {
    const p = join(dir, "secret.yaml");
    writeFileSync(p, readFileSync(EXAMPLE));
    chmodSync(p, 0o000);
    expectInputError(await cli(["estimate", p]), p, /permission denied/);
  });

  it("a FIFO is refused at once instead of waiting for a writer", () => {
    const p = join(dir, "fifo.yaml");
    execFileSync("mkfifo", [p]);
    expectInputError(bin(["estimate", p]), p, /not a regular file/);
    expectInputError(bin(["estimate", EXAMPLE, "--catalog", p]), p, /not a regular file/);
  });

  it("a device file", async () => {
    expectInputError(await cli(["estimate", "/dev/null"]), "/dev/null", /not a regular file/);
  });

  it("stdin closed before anything was written: an empty workload", () => {
    const r = spawnSync(process.execPath, ["bin/llmcost.js", "estimate", "-"], {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      timeout: 20_000,
    });
    expectInputError(
      { exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr },
      "<stdin>",
      /the workload is empty/,
    );
  });

  it("stdin closed half-way through a workload: a placed error, not a partial estimate", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const cut = text.slice(0, text.indexOf("requests_per_day") + 5); // "  reque" → a key without a value
    const r = bin(["estimate", "-", "--format", "json"], { stdin: cut });
    expectInputError(r, "<stdin>:", /^error: <stdin>:\d+:\d+: malformed YAML/m);
  });
});

describe("--output", () => {
  const run = (out: string, workload = EXAMPLE) => cli(["estimate", workload, "--format", "json", "--output", out]);

  it("writes the whole report and nothing on stdout", async () => {
    const p = join(dir, "out.json");
    const r = await run(p);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(p, "utf8")).llmcost).toBe(1);
  });

  it("a failed run leaves an existing output file untouched and no temporary files", async () => {
    const sub = join(dir, "keep");
    mkdirSync(sub);
    const p = join(sub, "out.json");
    writeFileSync(p, "previous report\n");
    const bad = join(sub, "bad.yaml");
    writeFileSync(bad, "llmcost: 1\ninference: [{name: a}]\n");
    const r = await run(p, bad);
    expect(r.exitCode).toBe(2);
    expect(readFileSync(p, "utf8")).toBe("previous report\n");
    expect(readdirSync(sub).sort()).toEqual(["bad.yaml", "out.json"]);
  });

  it("a full device (/dev/full, ENOSPC): exit 2 with the path and the reason; the device stays a device", async () => {
    if (!existsSync("/dev/full")) return; // not Linux
    const r = await run("/dev/full");
    expectInputError(r, "/dev/full", /no space left on the device/);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  // As root, permission bits do not stop writes; sysfs refuses new files even to root. Without a
  // sysfs (not Linux) there is no read-only place root cannot write, so the test is skipped there.
  it.skipIf(isRoot && !existsSync("/sys/kernel"))("a read-only location: exit 2, nothing written", async () => {
    let target: string;
    if (isRoot) target = "/sys/llmcost-output-test.json";
    else {
      const ro = join(dir, "ro");
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      target = join(ro, "out.json");
    }
    const r = await run(target);
    expectInputError(r, target, /permission denied or read-only location/);
    expect(existsSync(target)).toBe(false);
  });

  it("a folder that does not exist", async () => {
    const p = join(dir, "no-such-folder", "out.json");
    expectInputError(await run(p), p, /the folder does not exist/);
  });

  it("a directory", async () => {
    expectInputError(await run(dir), dir, /it is a directory/);
  });

  it("a symbolic link is written through: the target is replaced, the link stays a link", async () => {
    const real = join(dir, "real.json");
    const link = join(dir, "link.json");
    writeFileSync(real, "old\n");
    symlinkSync(real, link);
    const r = await run(link);
    expect(r.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, "utf8")).llmcost).toBe(1);
  });
});
