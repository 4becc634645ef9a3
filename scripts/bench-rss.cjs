// Preloaded by scripts/bench.mjs (node -r): prints the process's peak resident set size at exit.
"use strict";
process.on("exit", () => {
  require("node:fs").writeSync(2, `\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`);
});
