// The workloads of the engine bench (scripts/bench.mjs --engine) and of scripts/engine-ab.mjs, as
// plain objects before the workload schema reads them: one definition, so both time the same work.

/** The models the API workloads cycle through (the --scale workload file uses them too). */
export const BENCH_MODELS = [
  "gpt-4o-mini",
  "gpt-4o",
  "llama-3.1-70b",
  "llama-3.1-8b",
  "claude-3-5-haiku",
  "deepseek-chat",
  "mixtral-8x7b",
  "qwen-max",
];

/** N API inference items, varied traffic, cache shares and batch. */
export function apiWorkloadInput(n) {
  return {
    llmcost: 1,
    name: "bench",
    inference: Array.from({ length: n }, (_, i) => ({
      name: `item-${i}`,
      model: BENCH_MODELS[i % BENCH_MODELS.length],
      requests_per_day: 1000 + i,
      input_tokens: 500 + (i % 2000),
      output_tokens: 100 + (i % 700),
      cached_input: (i % 5) / 10,
      batch: i % 3 === 0,
    })),
  };
}

/** 10,000 items: 9,000 inference (two thirds self-hosted on H100) and 1,000 training runs. */
export function mixedWorkloadInput() {
  return {
    llmcost: 1,
    name: "bench-mixed",
    inference: Array.from({ length: 9_000 }, (_, i) => ({
      name: `inf-${i}`,
      model: ["llama-3.1-70b", "llama-3.1-8b", "gpt-4o-mini"][i % 3],
      requests_per_day: 1000 + i,
      input_tokens: 800,
      output_tokens: 200,
      ...(i % 3 !== 2 ? { self_host: { gpu: "h100-sxm", precision: "fp8" } } : {}),
    })),
    training: Array.from({ length: 1_000 }, (_, i) => ({
      name: `train-${i}`,
      model: "llama-3.1-8b",
      tokens: `${1 + (i % 50)}B`,
      gpu: "h100-sxm",
      gpus: 8 * (1 + (i % 8)),
    })),
  };
}
