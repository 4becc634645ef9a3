import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Newest modification time under the given paths (files or folders). */
function newest(paths: string[]): number {
  let t = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
    else t = Math.max(t, st.mtimeMs);
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return t;
}

/**
 * CLI tests run the built binary: build once before the suite when dist/ is missing or older than
 * its inputs. Also makes the run's scratch root for `scratchDir` and removes it at the end.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "llmcost-test-"));
  process.env.LLMCOST_TEST_TMP = root;
  const teardown = () => rmSync(root, { recursive: true, force: true });
  const stamp = "dist/llmcost.cjs.cache";
  const fresh =
    existsSync(stamp) &&
    statSync(stamp).mtimeMs >=
      newest([
        "src",
        "pricing-data",
        "bin",
        "scripts/build.mjs",
        "tsconfig.lib.json",
        "examples/support-assistant.yaml",
      ]);
  if (!fresh)
    execFileSync(process.execPath, ["scripts/build.mjs"], {
      stdio: "inherit",
      env: { ...process.env, LLMCOST_BUILD_QUIET: "1" },
    });
  return teardown;
}
