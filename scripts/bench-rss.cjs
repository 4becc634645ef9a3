// Preloaded by scripts/bench.mjs (node -r): prints the process's peak resident set size at exit
// (the whole process: worker threads included) and its CPU time (user + system, all threads).
"use strict";
process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").writeSync(2, `\nmaxrss_kb=${u.maxRSS}\ncpu_us=${u.userCPUTime + u.systemCPUTime}\n`);
});
