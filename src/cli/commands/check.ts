import { type BudgetLimit, type BudgetSpec, budgetOf, limitsOf } from "../../engine/budget.js";
import { fxFactor } from "../../engine/resolve.js";
import { type Diagnostic, InputError, quoted } from "../../errors.js";
import { didYouMean } from "../../hints.js";
import { estimate } from "../../lib/estimate.js";
import { renderReport } from "../../lib/render.js";
import type { Catalog } from "../../schema/catalog.js";
import { isCurrencyCode, parseQuantity } from "../../schema/primitive-checks.js";
import type { Estimate } from "../../schema/report.js";
import { itemNames } from "../../schema/workload-rules.js";
import {
  type CommonFlags,
  catalogFor,
  checkBilling,
  checkCurrency,
  checkDate,
  checkFormat,
  raiseProblems,
  reportOptions,
} from "../common.js";
import type { CommandOutput, Io } from "../io.js";
import { priceSide, readSide, type Side } from "./sides.js";

export interface CheckFlags extends CommonFlags {
  budget?: string;
  itemBudget?: string[];
  maxIncrease?: string;
  baseline?: string;
}

/**
 * An amount with an optional currency: `500`, `1.5k`, `500 EUR`, `500EUR`, `EUR 500`. Without a
 * currency it is in the report currency.
 */
export function parseAmount(flag: string, raw: string): { amount: number; currency?: string } {
  const t = raw.trim();
  const m =
    /^(?:([A-Za-z]{3})\s*)?([0-9][0-9_,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\s*[kKMBT]?)\s*(?:([A-Za-z]{3}))?$/.exec(t);
  const amount = m ? parseQuantity(m[2] as string) : undefined;
  const code = m ? (m[1] ?? m[3])?.toUpperCase() : undefined;
  if (!m || amount === undefined || (m[1] && m[3]) || (code !== undefined && !isCurrencyCode(code)))
    throw new InputError({
      file: flag,
      message: "not an amount",
      expected: "a number ≥ 0 in the report currency, optionally with a currency code: 500, 1.5k, 500EUR",
      found: raw,
      hint: raw.includes("%") ? "a share of a baseline is --max-increase 10% --baseline FILE" : undefined,
    });
  return code === undefined ? { amount } : { amount, currency: code };
}

/** `--max-increase 10%`: the % sign is required, so 10 and 0.1 are never confused. */
export function parseIncrease(raw: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(raw);
  if (!m)
    throw new InputError({
      file: "--max-increase",
      message: "not a percentage",
      expected: "a percentage with its % sign, e.g. 10% or 2.5%",
      found: raw,
      hint: /^[0-9.]+$/.test(raw.trim()) ? `write ${raw.trim()}%` : undefined,
    });
  return Number(m[1]) / 100;
}

function itemBudgets(raw: string[] | undefined): Array<{ name: string; amount: number; currency?: string }> {
  return (raw ?? []).map((r) => {
    const eq = r.lastIndexOf("=");
    if (eq <= 0)
      throw new InputError({
        file: "--item-budget",
        message: "not NAME=AMOUNT",
        expected: "an item name, '=', an amount: --item-budget chat=300",
        found: r,
      });
    return { name: r.slice(0, eq).trim(), ...parseAmount("--item-budget", r.slice(eq + 1)) };
  });
}

/**
 * `llmcost check WORKLOAD`: estimate, then compare with the workload's `budget` block and the flags
 * (flags win). Exit 0 when every budget holds, 1 when any is exceeded or cannot be checked, 2 on bad
 * input. A saved JSON estimate may be checked too: against the budget it carries and the flags.
 */
export async function runCheck(file: string, flags: CheckFlags, io: Io): Promise<CommandOutput> {
  const format = checkFormat("check", flags.format);
  const asOfFlag = checkDate("--as-of", flags.asOf);
  const currencyFlag = checkCurrency("--currency", flags.currency);
  const opts = reportOptions(io, flags);
  const budgetFlags = readBudgetFlags(flags);

  const side = readSide(file, io);
  let cat: Catalog | undefined;
  const catalog = () => {
    cat ??= catalogFor(io, flags.catalog);
    return cat;
  };
  const currency = currencyFlag ?? (side.kind === "workload" ? side.workload.currency : side.estimate.currency);
  checkItemNames(side, budgetFlags.items);
  const limits = budgetLimits(side, budgetFlags, flags, io, catalog, { currency, asOf: asOfFlag });
  const spec: BudgetSpec = {
    total: side.kind === "workload" ? side.workload.budget?.total : undefined,
    items: side.kind === "workload" ? side.workload.budget?.items : undefined,
    currency: side.kind === "workload" ? side.workload.currency : currency,
    source: "workload",
    limits,
  };
  if (limitsOf(spec).length === 0)
    throw new InputError({
      file: side.file,
      message: "nothing to check: no budget",
      expected: "a `budget:` block in the workload, or --budget, --item-budget or --max-increase with --baseline",
      hint: "add `budget: {total: 500}` to the workload, or run with --budget 500",
    });
  const e = checkedEstimate(side, spec, flags, io, catalog, { format, currency, currencyFlag, asOf: asOfFlag });
  const out = await renderReport("check", e, format, opts);
  const status = e.budget?.status ?? "ok";
  const exitCode = status === "ok" ? 0 : 1;
  // The table already ends with the verdict; other formats get it on stderr, stdout stays data.
  const stderr =
    format === "table"
      ? undefined
      : `llmcost check: ${status === "ok" ? "PASS" : status === "exceeded" ? "FAIL: a budget is exceeded" : "FAIL: a budget could not be checked"}\n`;
  return stderr === undefined ? { stdout: out, exitCode } : { stdout: out, stderr, exitCode };
}

/** The budget flags, parsed: --budget, --item-budget (each NAME=AMOUNT), --max-increase with --baseline. */
interface BudgetFlags {
  total: { amount: number; currency?: string } | undefined;
  items: Array<{ name: string; amount: number; currency?: string }>;
  increase: number | undefined;
}

function readBudgetFlags(flags: CheckFlags): BudgetFlags {
  const total = flags.budget === undefined ? undefined : parseAmount("--budget", flags.budget);
  const items = itemBudgets(flags.itemBudget);
  const increase = flags.maxIncrease === undefined ? undefined : parseIncrease(flags.maxIncrease);
  if ((increase === undefined) !== (flags.baseline === undefined))
    throw new InputError({
      file: increase === undefined ? "--baseline" : "--max-increase",
      message: "--max-increase and --baseline go together",
      expected: "--max-increase PCT --baseline FILE",
      hint: "e.g. llmcost check llmcost.yaml --max-increase 10% --baseline base.json",
    });
  return { total, items, increase };
}

/** Budget names must be item names: the workload loader checks the file's; here the flags'. */
function checkItemNames(side: Side, items: BudgetFlags["items"]): void {
  const names = side.kind === "workload" ? itemNames(side.workload) : side.estimate.items.map((i) => i.name);
  const faults: Diagnostic[] = [];
  for (const it of items)
    if (!names.includes(it.name))
      faults.push({
        file: "--item-budget",
        message: `no item named ${quoted(it.name)}`,
        expected: `one of ${names.join(", ")}`,
        found: it.name,
        hint: didYouMean(it.name, names),
      });
  if (faults.length) throw new InputError(faults);
}

/**
 * The limits the flags set, after those a saved estimate carries (already in its currency; flags
 * still win). --max-increase prices the baseline first: its total, raised by the share, is the limit.
 */
function budgetLimits(
  side: Side,
  b: BudgetFlags,
  flags: CheckFlags,
  io: Io,
  catalog: () => Catalog,
  at: { currency: string; asOf: string | undefined },
): BudgetLimit[] {
  const limits: BudgetLimit[] = [];
  if (side.kind === "estimate")
    for (const l of side.estimate.budget?.lines ?? [])
      if (l.baseline === undefined) limits.push({ name: l.name, limit: l.limit, source: l.source ?? "saved estimate" });
  if (b.total) limits.push({ name: "total", limit: b.total.amount, currency: b.total.currency, source: "--budget" });
  for (const it of b.items)
    limits.push({ name: it.name, limit: it.amount, currency: it.currency, source: "--item-budget" });
  if (b.increase !== undefined && flags.baseline !== undefined) {
    const baseSide = readSide(flags.baseline, io);
    const base = priceSide(baseSide, io, catalog, { currency: at.currency, asOf: at.asOf, providers: flags.provider });
    if (!base.complete)
      throw new InputError({
        file: baseSide.file,
        message: "the baseline has items that are not priced, so its total is not a sound baseline",
        hint: `see 'llmcost estimate ${baseSide.file}'`,
      });
    limits.push({
      name: "total",
      limit: base.total * (1 + b.increase),
      source: "--max-increase",
      baseline: { cost: base.total, max_increase: b.increase, file: baseSide.file },
    });
  }
  return limits;
}

/**
 * The estimate with its budget lines: a workload is estimated with the budget; a saved estimate is
 * re-read at its own date and the budget set against it.
 */
function checkedEstimate(
  side: Side,
  spec: BudgetSpec,
  flags: CheckFlags,
  io: Io,
  catalog: () => Catalog,
  at: { format: string; currency: string; currencyFlag: string | undefined; asOf: string | undefined },
): Estimate {
  if (side.kind === "workload") {
    const w = side.workload;
    const asOf = at.asOf ?? w.as_of ?? io.today;
    checkRates(spec, at.currency, catalog(), asOf);
    const result = estimate(w, catalog(), {
      asOf,
      currency: at.currency,
      providers: flags.provider,
      explain: flags.explain || at.format === "html",
      billing: checkBilling(flags.billing),
      budget: spec,
    });
    raiseProblems(result, side.src, { unknown_currency: at.currencyFlag ? "--currency" : undefined });
    return result.estimate;
  }
  const e = priceSide(side, io, catalog, { currency: at.currency, asOf: at.asOf });
  checkRates(spec, at.currency, catalog(), e.catalog.as_of);
  const budget = budgetOf(e, spec, (from) => fxFactor(catalog().rates, from, at.currency, e.catalog.as_of));
  const out = { ...e };
  if (budget) out.budget = budget;
  return out;
}

/** Every limit written in another currency needs a rate at as_of; say which flag when there is none. */
function checkRates(spec: BudgetSpec, currency: string, catalog: Catalog, asOf: string): void {
  for (const l of limitsOf(spec)) {
    const cur = l.currency ?? currency;
    if (cur !== currency && fxFactor(catalog.rates, cur, currency, asOf) === undefined)
      throw new InputError({
        file: l.source === "workload" ? "budget" : (l.source ?? "budget"),
        message: `no ${cur}→${currency} exchange rate on or before ${asOf} to convert the ${l.name} budget`,
        expected: `a currency with rates in the catalog`,
        found: cur,
        hint: `write the budget in ${currency}, or add ${cur} rates with a catalog overlay`,
      });
  }
}
