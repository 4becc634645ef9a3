// Preloaded (NODE_OPTIONS=-r) by tests/cli/usage-threads.test.ts: counts the worker threads the CLI
// starts, printed on stderr at exit, so the test knows the file was really cut between threads.
"use strict";
const wt = require("node:worker_threads");
if (wt.isMainThread) {
  const Worker = wt.Worker;
  let started = 0;
  wt.Worker = class extends Worker {
    constructor(...args) {
      super(...args);
      started++;
    }
  };
  process.on("exit", () => require("node:fs").writeSync(2, `workers started: ${started}\n`));
}
