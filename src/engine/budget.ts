import type { BudgetLine, Estimate } from "../schema/report.js";

/**
 * Budget lines: the workload's `budget` block and any overrides (check's flags, a baseline), each
 * compared with the estimate. Equal passes: a cost exactly at the limit is "ok" (within 1e-9
 * relative, so float noise in a sum never fails a limit set to the printed figure). An item that
 * could not be priced is "unknown". Limits written in another currency are converted into the
 * report currency at the `as_of` exchange rate, and the line says so.
 */

export interface BudgetLimit {
  /** "total" or an item name. */
  name: string;
  /** The limit as written, in `currency`. */
  limit: number;
  /** Currency the limit is written in; default: the report currency. */
  currency?: string | undefined;
  /** Where the limit came from: "workload", "--budget", "--item-budget", "--max-increase". */
  source?: string | undefined;
  /** A limit that is a share over a baseline: limit = cost · (1 + max_increase), already in `currency`. */
  baseline?: { cost: number; max_increase: number; file?: string | undefined } | undefined;
}

export interface BudgetSpec {
  total?: number | undefined;
  items?: Record<string, number> | undefined;
  /** Currency `total` and `items` are written in; default: the report currency. */
  currency?: string | undefined;
  /** Where `total` and `items` came from (default "workload"). */
  source?: string | undefined;
  /** Further limits; one without a baseline replaces the `total`/`items` line of the same name. */
  limits?: BudgetLimit[] | undefined;
}

/** Report-currency units per one unit of `from` at as_of, or undefined when there is no rate. */
export type FxLookup = (from: string) => number | undefined;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Equal passes; a relative 1e-9 absorbs float noise (0.1 + 0.2 vs 0.3), nothing a user could see. */
export function withinLimit(cost: number, limit: number): boolean {
  return cost <= limit + Math.abs(limit) * 1e-9 + 1e-12;
}

/** Flatten a spec into its limits, later ones replacing earlier plain limits of the same name. */
export function limitsOf(spec: BudgetSpec): BudgetLimit[] {
  const plain = new Map<string, BudgetLimit>();
  const increases: BudgetLimit[] = [];
  const base = { currency: spec.currency, source: spec.source };
  if (spec.total !== undefined) plain.set("total", { name: "total", limit: spec.total, ...base });
  for (const [name, limit] of Object.entries(spec.items ?? {})) plain.set(name, { name, limit, ...base });
  for (const l of spec.limits ?? []) {
    if (l.baseline) increases.push(l);
    else plain.set(l.name, l);
  }
  const all = [...plain.values(), ...increases];
  // total first, then items by name; plain limits before baseline ones of the same name.
  return all.sort(
    (a, b) =>
      (a.name === "total" ? 0 : 1) - (b.name === "total" ? 0 : 1) ||
      byName(a.name, b.name) ||
      (a.baseline ? 1 : 0) - (b.baseline ? 1 : 0),
  );
}

export function budgetOf(
  e: Pick<Estimate, "total" | "complete" | "currency"> & {
    items: ReadonlyArray<{ name: string; cost: number | null }>;
  },
  spec: BudgetSpec | undefined,
  fx: FxLookup = () => undefined,
): Estimate["budget"] {
  if (!spec) return undefined;
  const limits = limitsOf(spec);
  if (limits.length === 0) return undefined;
  const lines: BudgetLine[] = limits.map((l) => {
    const cur = l.currency ?? e.currency;
    const rate = cur === e.currency ? 1 : fx(cur);
    const item = l.name === "total" ? undefined : e.items.find((i) => i.name === l.name);
    const cost = l.name === "total" ? (e.complete ? e.total : null) : item ? item.cost : null;
    const line: BudgetLine =
      rate === undefined
        ? { name: l.name, limit: l.limit, cost, headroom: null, status: "unknown" }
        : {
            name: l.name,
            limit: l.limit * rate,
            cost,
            headroom: cost === null ? null : l.limit * rate - cost,
            status: cost === null ? "unknown" : withinLimit(cost, l.limit * rate) ? "ok" : "exceeded",
          };
    if (l.source !== undefined) line.source = l.source;
    if (cur !== e.currency) line.written = { amount: l.limit, currency: cur, fx_rate: rate ?? null };
    if (l.baseline) {
      line.baseline = l.baseline.cost * (rate ?? 1);
      line.max_increase = l.baseline.max_increase;
      if (l.baseline.file !== undefined) line.baseline_file = l.baseline.file;
    }
    return line;
  });
  const status = lines.some((l) => l.status === "exceeded")
    ? "exceeded"
    : lines.some((l) => l.status === "unknown")
      ? "unknown"
      : "ok";
  const out: NonNullable<Estimate["budget"]> = { status, lines };
  const total = lines.find((l) => l.name === "total" && l.max_increase === undefined);
  if (total) out.total = total.limit;
  return out;
}
