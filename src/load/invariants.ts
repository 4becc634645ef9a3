import type { Estimate } from "../schema/report.js";

/**
 * What every estimate the engine makes satisfies (the engine's invariants, checked where files are read), checked on a saved one before it is trusted
 * (`diff BASE HEAD`, `check --baseline`): a baseline anyone can edit must not bypass a CI gate with
 * negative costs, 1.7e308 or a total that is not the sum of its items (issue 14, class 6).
 *
 * - every money figure and quantity is finite and ≥ 0;
 * - an option's cost is the sum of its components' costs;
 * - an item's cost is its selected option's, and the total is the sum of the items' costs.
 *
 * Sums are compared with a relative tolerance of 1e-9: float64 addition in another order differs in
 * the last bits, never by more.
 */
export interface InvariantFault {
  path: Array<string | number>;
  message: string;
  found: string;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

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
  return out;
}
