import type { Option } from "../schema/report.js";

/** At equal cost, pay-as-you-go first: a plan that saves nothing is not the one to pick. */
const BILLING_ORDER: Record<Option["billing"], number> = {
  pay_as_you_go: 0,
  committed: 1,
  pack: 2,
  subscription: 3,
  provisioned: 4,
};

/**
 * A provisioned option whose throughput per unit is not published (Bedrock model units): priced at
 * its minimum size, which may not carry the load, so it is never selected over an option that does.
 */
function unsized(o: Option): boolean {
  return o.provisioned !== undefined && o.provisioned.capacity_tokens_per_minute === null;
}

/** Recurring options before first-period-only ones, sized before unsized, then cheapest first; ties broken by provider, offering, route, billing and plan, so the order is total and stable. */
export function compareOptions(a: Option, b: Option): number {
  // A first-period-only option (a one-time free quota) is not what the workload costs in steady state.
  if ((a.once === true) !== (b.once === true)) return a.once ? 1 : -1;
  if (a.provisioned !== undefined || b.provisioned !== undefined) {
    const ua = unsized(a);
    if (ua !== unsized(b)) return ua ? 1 : -1;
  }
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  if (a.provider !== b.provider) return a.provider < b.provider ? -1 : 1;
  if (a.offering !== b.offering) return a.offering < b.offering ? -1 : 1;
  if (a.via !== b.via) return a.via < b.via ? -1 : 1;
  if (a.billing !== b.billing) return BILLING_ORDER[a.billing] - BILLING_ORDER[b.billing];
  const pa = a.plan ?? "";
  const pb = b.plan ?? "";
  if (pa !== pb) return pa < pb ? -1 : 1;
  return 0;
}

/**
 * Sorts `list` in place by `compareOptions`, in the order `list.sort(compareOptions)` gives.
 * V8's sort allocates a work array and a merge state on every call (about 770 bytes, a fifth of
 * what a 10,000-item estimate allocated); an item has a handful of options. Below 64 elements V8's
 * TimSort is one run made by binary insertion, which this is, step for step: the leading run
 * (reversed when strictly descending), then each next element inserted after its equals. A
 * property test holds it to the built-in sort (tests/property/rank.property.test.ts).
 */
export function sortOptions(list: Option[]): void {
  const n = list.length;
  if (n < 2) return;
  if (n >= 64) {
    list.sort(compareOptions);
    return;
  }
  const run = leadingRun(list);
  for (let i = run; i < n; i++) {
    const pivot = list[i] as Option;
    let left = 0;
    let right = i;
    while (left < right) {
      const mid = left + ((right - left) >> 1);
      if (compareOptions(pivot, list[mid] as Option) < 0) right = mid;
      else left = mid + 1;
    }
    for (let p = i; p > left; p--) list[p] = list[p - 1] as Option;
    list[left] = pivot;
  }
}

/** The length of the run at the start of `list` (at least 2), reversed in place when strictly descending. */
function leadingRun(list: Option[]): number {
  const n = list.length;
  const descending = compareOptions(list[1] as Option, list[0] as Option) < 0;
  let run = 2;
  while (run < n && compareOptions(list[run] as Option, list[run - 1] as Option) < 0 === descending) run++;
  if (descending)
    for (let a = 0, b = run - 1; a < b; a++, b--) {
      const t = list[a] as Option;
      list[a] = list[b] as Option;
      list[b] = t;
    }
  return run;
}
