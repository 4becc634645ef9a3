#!/usr/bin/env node
// Test-only (not part of `npm test`): render the SVG charts of `llmcost trend` and `estimate --over`
// to PNG in headless Chromium, so a person can look at them as a browser shows them.
//
//   node scripts/render-svg.mjs [OUT_DIR]          build the sample charts with bin/llmcost.js, render each
//   node scripts/render-svg.mjs --svg a.svg [...]  render the given SVG files (PNG beside each)
//
// Needs a Chromium binary (Debian: apt-get install chromium; or set CHROMIUM=/path/to/chrome) and a
// built dist/ (npm run build). Exits 1 when a chart cannot be produced or rendered.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const chromium = [
  process.env.CHROMIUM,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].find((p) => p && existsSync(p));
if (!chromium) {
  console.error("render-svg: no Chromium found: apt-get install chromium, or set CHROMIUM=/path/to/chrome");
  process.exit(1);
}

/** The sample views: a name and the llmcost arguments that write it. */
const SAMPLES = [
  ["trend-gpt-4o", ["trend", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "--since", "2024-01-01", "--until", "2026-11-01"]],
  [
    "trend-gpt-4-class-cheapest-log",
    [
      "trend",
      "--cheapest-of",
      "gpt-4,gpt-4-turbo,gpt-4o,gpt-4.1,gpt-5,deepseek-chat",
      "--log",
      "--until",
      "2026-11-01",
    ],
  ],
  ["trend-china-2024", ["trend", "--preset", "china-2024", "--log"]],
  ["trend-deepseek-cny", ["trend", "--provider", "deepseek", "--currency", "CNY", "--until", "2026-11-01"]],
];

function render(svgPath) {
  const svg = readFileSync(svgPath, "utf8");
  const w = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 900);
  const h = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1] ?? 600);
  const png = svgPath.replace(/\.svg$/, "") + ".png";
  const r = spawnSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      "--default-background-color=ffffffff",
      `--window-size=${w},${h}`,
      `--screenshot=${png}`,
      `file://${resolve(svgPath)}`,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  const ok = existsSync(png) && statSync(png).size > 1000 && readFileSync(png).subarray(1, 4).toString() === "PNG";
  if (!ok) {
    console.error(`render-svg: ${svgPath}: Chromium did not write a PNG\n${r.stderr ?? ""}`);
    return false;
  }
  console.log(`${png} (${w}×${h}, ${statSync(png).size} bytes)`);
  return true;
}

let failed = false;
if (args[0] === "--svg") {
  for (const f of args.slice(1)) failed = !render(f) || failed;
} else {
  const out = resolve(args[0] ?? "render-out");
  mkdirSync(out, { recursive: true });
  for (const [name, cli] of SAMPLES) {
    const file = join(out, `${name}.svg`);
    execFileSync(process.execPath, ["bin/llmcost.js", ...cli, "--format", "svg", "-o", file], { stdio: "inherit" });
    failed = !render(file) || failed;
  }
  const over = join(out, "estimate-over-china.svg");
  execFileSync(
    process.execPath,
    [
      "bin/llmcost.js",
      "estimate",
      "examples/china-price-war.yaml",
      "--over",
      "2024-01-01..2025-01-01",
      "--step",
      "month",
      "--svg",
      over,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  failed = !render(over) || failed;
}
process.exit(failed ? 1 : 0);
