import { quoted } from "../errors.js";
import type { Item } from "../schema/report.js";
import type { Workload } from "../schema/workload.js";
import type { Problem } from "./types.js";

/**
 * The engine never returns a number it cannot stand behind. Every input is finite (the schemas see
 * to that), but products of finite inputs need not be: 1e200 requests × 1e200 tokens is Infinity,
 * and Infinity − Infinity (input minus cached input) is NaN. JSON would print either as `null` and a
 * table as "n/a", a silent lie in a cost report. So any non-finite number in an item, or in the
 * total, becomes a problem that names the item, the figure that broke and the inputs behind it.
 *
 * Products below the smallest double are not a fault: they round to 0 (or a subnormal), which is
 * the right cost to every digit a report shows.
 */

const LARGEST = "1.8e308";

/** One problem per item holding a non-finite number, then one if the total overflows. */
export function nonFiniteProblems(workload: Workload, items: Item[], total: number): Problem[] {
  const index: Record<Item["kind"], number> = { inference: 0, training: 0, fine_tune: 0 };
  const bad: Array<{ item: Item; index: number }> = [];
  for (const item of items) {
    const i = index[item.kind]++;
    // A cheap scan first: the path-building search below runs only for an item that needs it.
    if (containsNonFinite(item)) bad.push({ item, index: i });
  }
  return nonFiniteProblemsOf(workload, bad, total, () => items);
}

/**
 * The same, from the items that hold a non-finite number (each with its index among the items of
 * its kind) and, only when the total overflows, every item's name and cost: what an estimate made
 * item by item keeps (src/engine/estimate.ts `itemStream`).
 */
export function nonFiniteProblemsOf(
  workload: Workload,
  broken: ReadonlyArray<{ item: Item; index: number }>,
  total: number,
  all: () => ReadonlyArray<{ name: string; cost: number | null }>,
): Problem[] {
  const problems: Problem[] = [];
  for (const { item, index: i } of broken) {
    const kind = item.kind;
    const bad = mostSpecific(item);
    if (!bad) continue;
    const written = workload[kind][i] as object | undefined;
    const inputs = numericInputs(written);
    const largest = inputs.reduce<[string, number] | undefined>(
      (m, e) => (m === undefined || Math.abs(e[1]) > Math.abs(m[1]) ? e : m),
      undefined,
    );
    problems.push({
      kind: "invalid",
      path: largest ? [kind, i, ...largest[0].split(".")] : [kind, i],
      message: `the cost of ${quoted(item.name)} cannot be computed: ${whatBroke(item, bad)}`,
      expected: `amounts below ${LARGEST} (the largest number a float64 holds)`,
      found: inputs.length ? inputs.map(([k, v]) => `${k} = ${v}`).join(", ") : "no numeric inputs",
      hint: inputs.some(([k, v]) => /price/.test(k) && !(Math.abs(v) < 1e100))
        ? "your own price is too large: price_per_gpu_hour (--price-per-gpu-hour) is per GPU-hour in the report currency, e.g. 2.50"
        : hugePrice(item, bad)
          ? "a catalog price is too large: check the --catalog overlay that sets it"
          : "these inputs multiply past the largest number: check their units (k/M/B/T suffixes, per day vs per period)",
    });
  }
  if (problems.length === 0 && !Number.isFinite(total))
    problems.push({
      kind: "invalid",
      path: [],
      message: `the total cannot be computed: the items' costs add up to ${total}`,
      expected: `a total below ${LARGEST}`,
      found: all()
        .map((it) => `${it.name} = ${it.cost}`)
        .join(", "),
      hint: "check the items with the largest costs: their counts are probably off by a unit",
    });
  return problems;
}

interface Bad {
  path: Array<string | number>;
  value: number;
}

/**
 * The item's quantities first (an overflowing token count), then a component (it names the price and
 * the quantity), then the option, then the rest of the item.
 */
function mostSpecific(item: Item): Bad | undefined {
  const q = firstNonFinite(item.quantities, ["quantities"]);
  if (q) return q;
  for (let i = 0; i < item.options.length; i++) {
    const o = item.options[i];
    const b = firstNonFinite(o?.components, ["options", i, "components"]) ?? firstNonFinite(o, ["options", i]);
    if (b) return b;
  }
  return firstNonFinite(item, []);
}

/** A unit price no real catalog has (above 1e100 per unit): the overlay, not the workload, is at fault. */
function hugePrice(item: Item, bad: Bad): boolean {
  const [head, oi, sub, ci] = bad.path;
  if (head !== "options" || typeof oi !== "number" || sub !== "components" || typeof ci !== "number") return false;
  const p = item.options[oi]?.components[ci]?.unit_price;
  return p !== undefined && !(Math.abs(p) < 1e100);
}

const bad = (n: number | null | undefined) => n !== undefined && n !== null && !Number.isFinite(n);

/**
 * True when an item holds a non-finite number in any numeric field of the contract. Checks the
 * fields by name, with no allocation: it runs on every item of every estimate.
 */
export function containsNonFinite(item: Item): boolean {
  if (bad(item.cost)) return true;
  const q = item.quantities;
  if (q && (bad(q.requests) || bad(q.input_tokens) || bad(q.cached_input_tokens) || bad(q.output_tokens))) return true;
  for (const o of item.options) {
    if (bad(o.cost) || bad(o.fx_rate)) return true;
    // An API option's components cannot hide a non-finite number behind a finite cost: their
    // quantities are the item's (checked above) times shares of at most 1, their costs are
    // quantity × non-negative unit price, and the option's cost is their sum, so an infinite unit
    // price, an overflowing product or a NaN all reach `cost` (inference.ts). Its explain results
    // are the component costs. So the common case skips them; a large estimate holds a hundred
    // thousand components.
    if (o.via === "api") continue;
    // Every other numeric field of an option in the output contract (src/schema/report.ts), written
    // out: keyed access in a loop is slow on options of many shapes. tests/engine/finite-fields.test.ts
    // fails when the contract gains a number this list misses.
    if (bad(o.flops) || bad(o.gpu_hours) || bad(o.wall_clock_hours) || bad(o.energy_kwh) || bad(o.co2_kg)) return true;
    if (bad(o.gpus_per_replica) || bad(o.replicas) || bad(o.prefill_tokens_per_second)) return true;
    if (bad(o.output_tokens_per_second) || bad(o.cost_per_1m_output_tokens)) return true;
    for (const c of o.components) if (bad(c.quantity) || bad(c.unit_price) || bad(c.cost)) return true;
    if (o.explain) for (const x of o.explain) if (bad(x.result)) return true;
  }
  return false;
}

/** Depth-first, in key order: the first non-finite number in a plain JSON-like value. */
function firstNonFinite(v: unknown, path: Array<string | number>): Bad | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? undefined : { path, value: v };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const b = firstNonFinite(v[i], [...path, i]);
      if (b) return b;
    }
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const b = firstNonFinite(x, [...path, k]);
      if (b) return b;
    }
  }
  return undefined;
}

/** `openai/gpt-4o input = Infinity tokens × 0.15 per_1m_tokens`, or the field's path in the item. */
function whatBroke(item: Item, bad: Bad): string {
  const [head, oi, sub, ci] = bad.path;
  if (head === "quantities") return `${String(oi)} over the period is ${bad.value}`;
  if (head === "options" && typeof oi === "number") {
    const o = item.options[oi];
    const where = o ? `${o.provider}/${o.offering}` : `option ${oi}`;
    if (sub === "components" && typeof ci === "number") {
      const c = o?.components[ci];
      if (c) return `${where} ${c.name} is ${c.quantity} ${c.unit} × ${c.unit_price} ${c.price_unit} = ${c.cost}`;
    }
    return `${where} ${bad.path.slice(2).join(".")} is ${bad.value}`;
  }
  return `${bad.path.join(".")} is ${bad.value}`;
}

/** The non-zero numbers the user wrote for an item (one level of nesting: `self_host.utilization`). */
function numericInputs(written: object | undefined): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [k, v] of Object.entries(written ?? {})) {
    if (typeof v === "number") {
      if (v !== 0) out.push([k, v]);
    } else if (v !== null && typeof v === "object" && !Array.isArray(v))
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 === "number" && v2 !== 0) out.push([`${k}.${k2}`, v2]);
  }
  return out;
}
