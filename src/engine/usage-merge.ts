import type { GroupKey } from "../schema/usage.js";
import { addExact } from "./exact-sum.js";
import {
  bucketOf,
  dayOf,
  type GroupAcc,
  groupAt,
  type PricerState,
  stateOf,
  type Tokens,
  type UnpricedAcc,
  unpricedOf,
} from "./usage-state.js";

/**
 * What a pricer added up, as plain data that crosses to another thread, and its merge into another
 * pricer (docs/usage.md, Scale: a large file is cut into byte ranges priced in parallel). Merged in
 * the ranges' order, the result is the one a single pass gives, byte for byte:
 * - every map (offerings, days, buckets, groups, unpriced models) is merged in the order the range
 *   first saw its keys, so each keeps the order of first sight of a single pass, and every later sum
 *   over it adds the same numbers in the same order;
 * - token and request counts are whole numbers, whose sums do not depend on the order (below 2^53);
 *   a range that saw a fractional count says so (`fractional`) and is not merged: the caller reads
 *   it again in order instead;
 * - provider costs are exact sums (exact-sum.ts), rounded once at the end;
 * - places (`first`, file:line) are the range's lines plus the lines before the range.
 */

export interface PartialBucket extends Tokens {
  /** Index into the partial's groups. */
  group: number;
  tier: number;
  batch: boolean;
  off: boolean;
  prompt: number;
  rows: number;
  firstFile: string | undefined;
  firstLine: number | undefined;
}

export interface PricerPartial {
  fractional: boolean;
  rowsPriced: number;
  rowsCostOnly: number;
  minDate: string | undefined;
  maxDate: string | undefined;
  /** In the order first seen; `key` holds the values of the --by keys in their order. */
  groups: Array<
    Tokens & {
      key: string[];
      rows: number;
      rowsUnpriced: number;
      providerCost: number[];
      providerCostRows: number;
    }
  >;
  unpriced: UnpricedAcc[];
  /** Every (provider, model) in the order first seen, with its days and their buckets in that order. */
  states: Array<{
    provider: string | undefined;
    model: string;
    days: Array<{ date: string; buckets: PartialBucket[] }>;
  }>;
}

export function partialOf(st: PricerState): PricerPartial {
  const index = new Map<GroupAcc, number>();
  const groups: PricerPartial["groups"] = [];
  for (const g of st.groups.values()) {
    index.set(g, groups.length);
    groups.push({
      key: st.by.map((k: GroupKey) => g.key[k] as string),
      rows: g.rows,
      rowsUnpriced: g.rowsUnpriced,
      R: g.R,
      I: g.I,
      C: g.C,
      W: g.W,
      O: g.O,
      Z: g.Z,
      providerCost: g.providerCost,
      providerCostRows: g.providerCostRows,
    });
  }
  const states: PricerPartial["states"] = [];
  for (const byModel of st.states.values())
    for (const s of byModel.values()) {
      const days: PricerPartial["states"][number]["days"] = [];
      for (const d of s.days.values()) {
        if (d.buckets.size === 0) continue;
        const buckets: PartialBucket[] = [];
        for (const b of d.buckets.values())
          buckets.push({
            group: index.get(b.group) as number,
            tier: b.tier,
            batch: b.batch,
            off: b.offPeak,
            prompt: b.prompt,
            rows: b.rows,
            R: b.R,
            I: b.I,
            C: b.C,
            W: b.W,
            O: b.O,
            Z: b.Z,
            firstFile: b.firstFile,
            firstLine: b.firstLine,
          });
        days.push({ date: d.date, buckets });
      }
      states.push({ provider: s.provider, model: s.name, days });
    }
  return {
    fractional: st.fractional,
    rowsPriced: st.rowsPriced,
    rowsCostOnly: st.rowsCostOnly,
    minDate: st.minDate,
    maxDate: st.maxDate,
    groups,
    unpriced: [...st.unpriced.values()],
    states,
  };
}

/** Merge a later range's partial into `st`; its lines are offset by `lineOffset`. */
export function mergePartial(st: PricerState, p: PricerPartial, lineOffset: number): void {
  const at = (line: number | undefined) => (line === undefined ? undefined : line + lineOffset);
  st.rowsPriced += p.rowsPriced;
  st.rowsCostOnly += p.rowsCostOnly;
  if (p.minDate !== undefined && (st.minDate === undefined || p.minDate < st.minDate)) st.minDate = p.minDate;
  if (p.maxDate !== undefined && (st.maxDate === undefined || p.maxDate > st.maxDate)) st.maxDate = p.maxDate;
  const groups = p.groups.map((pg) => {
    const g = groupAt(st, pg.key);
    g.rows += pg.rows;
    g.rowsUnpriced += pg.rowsUnpriced;
    addCounts(g, pg);
    for (const x of pg.providerCost) addExact(g.providerCost, x);
    g.providerCostRows += pg.providerCostRows;
    return g;
  });
  for (const pu of p.unpriced) {
    const u = unpricedOf(st, pu.provider, pu.model, pu.reason, pu.firstFile, at(pu.firstLine));
    u.rows += pu.rows;
    u.requests += pu.requests;
    u.I += pu.I;
    u.O += pu.O;
  }
  for (const ps of p.states) {
    const s = stateOf(st, ps.provider, ps.model);
    for (const pd of ps.days) {
      const day = dayOf(st, s, pd.date);
      for (const pb of pd.buckets) {
        const b = bucketOf(
          day,
          groups[pb.group] as GroupAcc,
          pb.tier,
          pb.batch,
          pb.off,
          pb.firstFile,
          at(pb.firstLine),
        );
        b.rows += pb.rows;
        if (pb.prompt > b.prompt) b.prompt = pb.prompt;
        addCounts(b, pb);
      }
    }
  }
}

function addCounts(into: Tokens, from: Tokens): void {
  into.R += from.R;
  into.I += from.I;
  into.C += from.C;
  into.W += from.W;
  into.O += from.O;
  into.Z += from.Z;
}
