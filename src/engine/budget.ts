import type { Estimate } from "../schema/report.js";

/**
 * Budget lines: the workload's `budget` block and any overrides, each compared with the estimate.
 * Equal passes: a cost exactly at the limit is "ok". An item that could not be priced is "unknown".
 */

export interface BudgetSpec {
  total?: number | undefined;
  items?: Record<string, number> | undefined;
}

export function budgetOf(e: Pick<Estimate, "items" | "total" | "complete">, spec: BudgetSpec | undefined): Estimate["budget"] {
  if (!spec || (spec.total === undefined && !spec.items)) return undefined;
  const lines: NonNullable<Estimate["budget"]>["lines"] = [];
  const line = (name: string, limit: number, cost: number | null) => {
    const status = cost === null ? "unknown" : cost <= limit ? "ok" : "exceeded";
    lines.push({ name, limit, cost, headroom: cost === null ? null : limit - cost, status });
  };
  if (spec.total !== undefined) line("total", spec.total, e.complete ? e.total : null);
  for (const [name, limit] of Object.entries(spec.items ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const item = e.items.find((i) => i.name === name);
    line(name, limit, item ? item.cost : null);
  }
  const status = lines.some((l) => l.status === "exceeded")
    ? "exceeded"
    : lines.some((l) => l.status === "unknown")
      ? "unknown"
      : "ok";
  const out: NonNullable<Estimate["budget"]> = { status, lines };
  if (spec.total !== undefined) out.total = spec.total;
  return out;
}
