/**
 * The workload schema's rules across fields (src/schema/workload.ts calls them in its
 * `superRefine`s), written without zod so that the fast workload reader (src/load/workload-fast.ts)
 * runs the very same code: a workload it accepts breaks none of them. Each returns the faults it
 * finds, in the order the schema reports them; an empty list means the value passes.
 */

export interface RuleFault {
  message: string;
  path: (string | number)[];
}

type Traffic = {
  requests_per_day?: number | undefined;
  requests_per_month?: number | undefined;
  requests?: number | undefined;
};
const TRAFFIC = ["requests_per_day", "requests_per_month", "requests"] as const;

/** An inference item: exactly one traffic figure; cache reads and writes are at most all input. */
export function inferenceFaults(item: Traffic & { cached_input: number; cache_write: number }): RuleFault[] {
  const faults: RuleFault[] = [];
  const given = TRAFFIC.filter((k) => item[k] !== undefined);
  if (given.length === 0)
    faults.push({ message: "missing traffic: give one of requests_per_day, requests_per_month or requests", path: [] });
  if (given.length > 1)
    faults.push({
      message: `give only one of requests_per_day, requests_per_month, requests (found ${given.join(", ")})`,
      path: [given[1] as string],
    });
  if (item.cached_input + item.cache_write > 1 + 1e-12)
    faults.push({
      message: "cached_input + cache_write cannot exceed 1 (a token is either read from or written to the cache)",
      path: ["cache_write"],
    });
  return faults;
}

/** A fine-tuning job: at most one traffic figure (none is a job with no inference). */
export function fineTuneFaults(item: Traffic): RuleFault[] {
  const given = TRAFFIC.filter((k) => item[k] !== undefined);
  return given.length > 1
    ? [
        {
          message: `give only one of requests_per_day, requests_per_month, requests (found ${given.join(", ")})`,
          path: [given[1] as string],
        },
      ]
    : [];
}

type PeakForms = {
  requests_per_minute?: number | undefined;
  tokens_per_minute?: number | undefined;
  ratio?: number | undefined;
};

/** A peak: exactly one of its three forms. */
export function peakFaults(p: PeakForms): RuleFault[] {
  const given = (["requests_per_minute", "tokens_per_minute", "ratio"] as const).filter((k) => p[k] !== undefined);
  if (given.length === 1) return [];
  return [
    {
      path: given.length ? [given[1] as string] : [],
      message:
        given.length === 0
          ? "give the peak as one of requests_per_minute, tokens_per_minute or ratio"
          : `give only one of requests_per_minute, tokens_per_minute, ratio (found ${given.join(", ")})`,
    },
  ];
}

type Named = { name: string };

/** The whole workload: at least one item, and item names unique across the three lists. */
export function workloadFaults(w: { inference: Named[]; training: Named[]; fine_tune: Named[] }): RuleFault[] {
  const faults: RuleFault[] = [];
  if (w.inference.length + w.training.length + w.fine_tune.length === 0)
    faults.push({
      message:
        "the workload has no items: add an `inference:`, `training:` or `fine_tune:` list with at least one item",
      path: [],
    });
  const seen = new Set<string>();
  const items = [
    ...w.inference.map((x, i) => [x.name, ["inference", i, "name"]] as const),
    ...w.training.map((x, i) => [x.name, ["training", i, "name"]] as const),
    ...w.fine_tune.map((x, i) => [x.name, ["fine_tune", i, "name"]] as const),
  ];
  for (const [name, path] of items) {
    if (seen.has(name))
      faults.push({ message: `duplicate item name "${name}": item names must be unique`, path: [...path] });
    seen.add(name);
  }
  return faults;
}
