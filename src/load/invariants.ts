import type { Estimate } from "../schema/report.js";
import { PRICE_UNIT_SCALE } from "../schema/report-constants.js";

/**
 * What every estimate the engine makes satisfies (the engine's invariants, checked where files are read), checked on a saved one before it is trusted
 * (`diff BASE HEAD`, `check --baseline`): a baseline anyone can edit must not bypass a CI gate with
 * negative costs, 1.7e308 or a total that is not the sum of its items (issue 14, class 6).
 *
 * - every money figure and quantity is finite and ≥ 0;
 * - a component's cost is its quantity × unit price ÷ its price unit's scale (per 1M tokens: 1e6);
 * - an option's cost is the sum of its components' costs;
 * - an item's cost is its selected option's, and the total is the sum of the items' costs;
 * - a budget line's limit is finite and ≥ 0, its cost that of the item it names (or the total), its
 *   headroom the limit minus the cost.
 *
 * Sums are compared with a relative tolerance of 1e-9: float64 addition in another order differs in
 * the last bits, never by more.
 */
export interface InvariantFault {
  path: Array<string | number>;
  message: string;
  found: string;
}

/** Equal within 1e-9 (relative); never true for a non-finite side (∞ − ∞ is NaN, |x − ∞| ≤ 1e-9 × ∞ holds). */
const close = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function estimateFaults(e: Estimate): InvariantFault[] {
  const out: InvariantFault[] = [];
  const amount = (path: Array<string | number>, v: number, what: string) => {
    if (!Number.isFinite(v)) out.push({ path, message: `${what} is not a finite number`, found: String(v) });
    else if (v < 0) out.push({ path, message: `${what} is negative`, found: String(v) });
    return Number.isFinite(v) && v >= 0;
  };
  let selected = 0;
  e.items.forEach((it, i) => {
    it.options.forEach((o, j) => {
      const at = ["items", i, "options", j];
      const ok = amount([...at, "cost"], o.cost, "an option's cost");
      let sum = 0;
      let parts = true;
      o.components.forEach((c, k) => {
        const cat = [...at, "components", k];
        parts = amount([...cat, "cost"], c.cost, "a component's cost") && parts;
        parts = amount([...cat, "quantity"], c.quantity, "a component's quantity") && parts;
        parts = amount([...cat, "unit_price"], c.unit_price, "a component's unit price") && parts;
        sum += c.cost;
        if (parts && !close(c.cost, product(c.quantity, c.unit_price, PRICE_UNIT_SCALE[c.price_unit])))
          out.push({
            path: [...cat, "cost"],
            message: "a component's cost is not its quantity times its unit price",
            found: `cost ${c.cost}, quantity ${c.quantity} × unit price ${c.unit_price} per ${c.price_unit}`,
          });
      });
      if (ok && parts && o.components.length && !close(sum, o.cost))
        out.push({
          path: [...at, "cost"],
          message: "an option's cost is not the sum of its components",
          found: `cost ${o.cost}, components summing to ${sum}`,
        });
    });
    if (it.cost === null) return;
    if (!amount(["items", i, "cost"], it.cost, "an item's cost")) return;
    selected += it.cost;
    const s = it.selected;
    const match = it.options.some(
      (o) =>
        s &&
        o.provider === s.provider &&
        o.offering === s.offering &&
        o.via === s.via &&
        (s.billing === undefined || o.billing === s.billing) &&
        close(o.cost, it.cost as number),
    );
    if (!match)
      out.push({
        path: ["items", i, "cost"],
        message: "an item's cost is not the cost of its selected option",
        found: `cost ${it.cost}`,
      });
  });
  if (amount(["total"], e.total, "the total") && out.length === 0 && !close(selected, e.total))
    out.push({
      path: ["total"],
      message: "the total is not the sum of the items' costs",
      found: `total ${e.total}, items summing to ${selected}`,
    });
  budgetFaults(e, amount, out);
  return out;
}

/** q × p ÷ scale as the engine computes it (without overflowing where the engine's order does not). */
function product(q: number, p: number, scale: number): number {
  const v = (q * p) / scale;
  return Number.isFinite(v) ? v : q * (p / scale);
}

/**
 * The budget block: limits finite and ≥ 0; each line's cost that of the item it names, or for
 * "total" the total (null when an item is not priced); headroom the limit minus the cost; `total`
 * the limit of the total line. `check SAVED` reuses these limits, so they must be ones llmcost wrote.
 */
function budgetFaults(
  e: Estimate,
  amount: (path: Array<string | number>, v: number, what: string) => boolean,
  out: InvariantFault[],
): void {
  if (!e.budget) return;
  const lines = e.budget.lines;
  if (e.budget.total !== undefined && amount(["budget", "total"], e.budget.total, "a budget")) {
    const line = lines.find((l) => l.name === "total" && l.max_increase === undefined);
    if (!line || !close(line.limit, e.budget.total))
      out.push({
        path: ["budget", "total"],
        message: "the total budget is not the limit of the budget's total line",
        found: `budget ${e.budget.total}, total line limit ${line ? line.limit : "none"}`,
      });
  }
  lines.forEach((l, i) => {
    const at = ["budget", "lines", i];
    const limitOk = amount([...at, "limit"], l.limit, "a budget's limit");
    const item = l.name === "total" ? undefined : e.items.find((it) => it.name === l.name);
    const cost = l.name === "total" ? (e.complete ? e.total : null) : item ? item.cost : null;
    if (l.cost !== null && !amount([...at, "cost"], l.cost, "a budget line's cost")) return;
    if (cost === null ? l.cost !== null : l.cost === null || !close(cost, l.cost))
      out.push({
        path: [...at, "cost"],
        message: `a budget line's cost is not the cost of ${l.name === "total" ? "the total" : "the item it names"}`,
        found: `cost ${l.cost}, ${l.name} costs ${cost}`,
      });
    else if (limitOk && l.cost !== null && (l.headroom === null || !close(l.headroom, l.limit - l.cost)))
      out.push({
        path: [...at, "headroom"],
        message: "a budget line's headroom is not its limit minus its cost",
        found: `headroom ${l.headroom}, limit ${l.limit} − cost ${l.cost}`,
      });
  });
}
