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

const NONE: RuleFault[] = [];

type Traffic = {
  requests_per_day?: number | undefined;
  requests_per_month?: number | undefined;
  requests?: number | undefined;
};
const TRAFFIC = ["requests_per_day", "requests_per_month", "requests"] as const;

/** The traffic figures given, in the schema's order (a list made only when it is needed for a message). */
const given = (item: Traffic): string[] => TRAFFIC.filter((k) => item[k] !== undefined);
const trafficCount = (item: Traffic): number =>
  (item.requests_per_day !== undefined ? 1 : 0) +
  (item.requests_per_month !== undefined ? 1 : 0) +
  (item.requests !== undefined ? 1 : 0);
const tooMuchTraffic = (item: Traffic): RuleFault => {
  const g = given(item);
  return {
    message: `give only one of requests_per_day, requests_per_month, requests (found ${g.join(", ")})`,
    path: [g[1] as string],
  };
};

/** An inference item: exactly one traffic figure; cache reads and writes are at most all input. */
export function inferenceFaults(item: Traffic & { cached_input: number; cache_write: number }): RuleFault[] {
  const count = trafficCount(item);
  const overCache = item.cached_input + item.cache_write > 1 + 1e-12;
  // Checked once per item of a 10,000-item workload: no list made for a valid one.
  if (count === 1 && !overCache) return NONE;
  const faults: RuleFault[] = [];
  if (count === 0)
    faults.push({ message: "missing traffic: give one of requests_per_day, requests_per_month or requests", path: [] });
  if (count > 1) faults.push(tooMuchTraffic(item));
  if (overCache)
    faults.push({
      message: "cached_input + cache_write cannot exceed 1 (a token is either read from or written to the cache)",
      path: ["cache_write"],
    });
  return faults;
}

/** A fine-tuning job: at most one traffic figure (none is a job with no inference). */
export function fineTuneFaults(item: Traffic): RuleFault[] {
  return trafficCount(item) > 1 ? [tooMuchTraffic(item)] : NONE;
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

/** Every item's name, in the workload's order: inference, training, then fine-tuning (budget names are these). */
export function itemNames(w: { inference: Named[]; training: Named[]; fine_tune: Named[] }): string[] {
  return [...w.inference, ...w.training, ...w.fine_tune].map((i) => i.name);
}

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
  for (const key of ["inference", "training", "fine_tune"] as const)
    w[key].forEach((x, i) => {
      if (seen.has(x.name))
        faults.push({ message: `duplicate item name "${x.name}": item names must be unique`, path: [key, i, "name"] });
      seen.add(x.name);
    });
  return faults.length ? faults : NONE;
}
