import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

/** CLI tests run the built binary: build once before the suite when dist/ is missing or stale. */
export default function setup(): void {
  const bundle = "dist/llmcost.js";
  if (process.env.LLMCOST_SKIP_BUILD && existsSync(bundle)) return;
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit", env: { ...process.env, LLMCOST_BUILD_QUIET: "1" } });
  if (!statSync(bundle).isFile()) throw new Error("build did not produce dist/llmcost.js");
}
