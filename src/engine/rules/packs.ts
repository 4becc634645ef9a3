import type { Pack } from "../../schema/billing.js";
import type { Component, Option, PackDetail } from "../../schema/report.js";
import { breakEven, component } from "../components.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import { daysIn } from "../units.js";
import { ruleOption } from "./apply.js";
import { coveredBy, shareOf } from "./covered.js";
import { type BillingRule, coversModel, type OfferingContext, prepared } from "./types.js";

/**
 * Prepaid packs (资源包) and free quotas (catalog `packs:`). A pack holds Q units (tokens, input or
 * output tokens, requests, or an amount of list-price money) for a price p and can be used for V
 * days. Over a period of P days the item needs N units; a pack bought every V days covers Q·P/V of
 * them for p·P/V (usage is taken as even over time). The rule picks the cheapest combination of
 * whole packs per window, the rest paid as you go at the item's own rate r (its pay-as-you-go cost
 * per counted unit), and reports what is bought but left unused, which expires with the packs.
 *
 * Break-even: a pack pays off once the pay-as-you-go cost of the volume reaches its price,
 * N = (p·P/V) / r; for several packs, the least of those (docs/billing.md "Packs").
 *
 * Worked example (docs/billing.md): 30M tokens a month at a blended ¥1.2 per 1M, one pack of 50M
 * tokens for ¥40 valid 30.41667 days (a month): pay-as-you-go ¥36 < ¥40, so no pack; break-even
 * 40 / 1.2 = 33.33M tokens a month.
 */

interface Candidate {
  pack: Pack;
  price: number;
  /** Per period: quantity one pack-per-window covers and what it costs. */
  perPeriodQuantity: number;
  perPeriodPrice: number;
  max: number;
}

const MAX_TYPES = 8;

export const packsRule: BillingRule = {
  id: "packs",
  billing: "pack",
  appliesTo: (provider, model) => (provider.packs ?? []).some((p) => coversModel(p.models, model)),
  options(ctx, notes) {
    const packs = (ctx.provider.packs ?? []).filter((p) => coversModel(p.models, ctx.model));
    // Packs of one kind of count are combined; kinds are separate options (a token pack and an amount pack do not mix).
    const byCount = new Map<Pack["counts"], Pack[]>();
    for (const p of packs) byCount.set(p.counts, [...(byCount.get(p.counts) ?? []), p]);
    const out: Option[] = [];
    for (const [counts, list] of byCount) {
      const o = packOption(ctx, counts, list, notes);
      if (o) out.push(o);
    }
    return out;
  },
};

interface PreparedPacks {
  cands: Candidate[];
  toReport: number;
  notes: string[];
}

/** The packs in force, in the report currency, cheapest per unit first: once per offering and estimate. */
function preparePacks(ctx: OfferingContext, packs: Pack[]): PreparedPacks {
  const P = daysIn(ctx.period);
  const cands: Candidate[] = [];
  const notes: string[] = [];
  let packCurrency: string | undefined;
  let toReport = 1;
  for (const pack of packs) {
    const r = resolvePrice(pack.prices, ctx.opts.asOf, ctx.opts.currency, ctx.provider.provider.currency);
    if (!r) continue;
    const fx = ctx.fx(r.currency);
    if (fx === undefined) {
      notes.push(
        `${ctx.base.provider} pack ${pack.id}: no ${r.currency}→${ctx.opts.currency} rate at ${ctx.opts.asOf}`,
      );
      continue;
    }
    packCurrency ??= r.currency;
    if (r.currency === packCurrency) toReport = fx;
    const price = pack.free ? 0 : r.entry.price * fx;
    // A free quota is granted once: in the first period it covers up to its whole quantity (used
    // within its validity or lost); a bought pack is bought again every window, so it is amortised.
    const k = P / pack.validity_days;
    cands.push({
      pack,
      price,
      perPeriodQuantity: pack.free ? pack.quantity : pack.quantity * k,
      perPeriodPrice: price * k,
      max: pack.free ? 1 : (pack.max_count ?? Number.POSITIVE_INFINITY),
    });
  }
  cands.sort((a, b) => a.perPeriodPrice / a.perPeriodQuantity - b.perPeriodPrice / b.perPeriodQuantity);
  return { cands: cands.slice(0, MAX_TYPES), toReport, notes };
}

function packOption(ctx: OfferingContext, counts: Pack["counts"], packs: Pack[], notes: string[]): Option | undefined {
  const P = daysIn(ctx.period);
  const prep = prepared(ctx, `packs:${counts}`, () => preparePacks(ctx, packs));
  for (const n of prep.notes) notes.push(n);
  const { cands, toReport } = prep;
  if (cands.length === 0) return undefined;
  const cov = coveredBy(ctx, counts, toReport);
  const N = cov.volume;
  const rate = cov.rate;
  const best = cheapest(cands, N, rate);

  const components: Component[] = [];
  const used: PackDetail["packs"] = [];
  let bought = 0;
  for (let i = 0; i < best.counts.length; i++) {
    const c = best.counts[i] as number;
    if (c === 0) continue;
    const cand = cands[i] as Candidate;
    const perPeriod = cand.pack.free ? c : (c * P) / cand.pack.validity_days;
    bought += c * cand.perPeriodQuantity;
    components.push(
      component(
        `pack ${cand.pack.id}`,
        perPeriod,
        "packs",
        cand.price,
        "per_pack",
        1,
        `${c} per ${cand.pack.validity_days}-day window`,
      ),
    );
    used.push({
      id: cand.pack.id,
      name: cand.pack.name,
      count: c,
      quantity: cand.pack.quantity,
      price: cand.price,
      validity_days: cand.pack.validity_days,
    });
  }
  const coveredQty = Math.min(N, bought);
  const overflow = N - coveredQty;
  for (const comp of shareOf(cov.covered, N > 0 ? overflow / N : 0, "overflow")) components.push(comp);
  for (const comp of cov.rest) components.push(comp);

  const windows = used.map((u) => u.validity_days);
  const detail: PackDetail = {
    unit: counts,
    window_days: windows.length ? Math.max(...windows) : P,
    needed: N,
    covered: coveredQty,
    overflow,
    unused: Math.max(0, bought - coveredQty),
    expires_after_days: windows.length ? Math.min(...windows) : P,
    packs: used,
  };
  const oNotes: string[] = [];
  if (used.length === 0) oNotes.push("no pack pays off at this volume: all of it is paid as you go");
  for (const cand of cands)
    if (cand.pack.free)
      oNotes.push(
        `${cand.pack.id} is a free quota, granted once: this is the first ${ctx.period}; later ones pay as you go (it expires ${cand.pack.validity_days} days after activation)`,
      );
  if (detail.unused > 0)
    oNotes.push(
      `${fmt(detail.unused)} ${counts} bought but unused per ${ctx.period}: they expire ${detail.expires_after_days} days after purchase`,
    );
  const once = used.some((u) => cands.some((c) => c.pack.id === u.id && c.pack.free === true));
  return ruleOption(ctx, "pack", components, oNotes, {
    ...(once ? { once: true } : {}),
    plan: used.length ? used.map((u) => u.id).join("+") : (cands[0] as Candidate).pack.id,
    pack: detail,
    ...packBreakEven(cands, rate, counts),
  });
}

/** The least volume at which some pack costs no more than paying as you go for it. */
function packBreakEven(cands: Candidate[], rate: number, unit: string) {
  if (rate <= 0) return breakEven(undefined, unit, "the item's pay-as-you-go cost is 0: no pack can save anything");
  const paid = cands.filter((c) => c.perPeriodPrice > 0 && c.perPeriodPrice / c.perPeriodQuantity < rate);
  if (paid.length === 0) {
    if (cands.some((c) => c.perPeriodPrice === 0)) return breakEven(0, unit, "");
    return breakEven(undefined, unit, "no pack is cheaper per unit than pay-as-you-go on this offering");
  }
  return breakEven(Math.min(...paid.map((c) => c.perPeriodPrice / rate)), unit, "");
}

/**
 * The cheapest whole-pack counts for N units at an overflow rate r. Candidates are sorted by unit
 * price; each takes 0, ⌊rest/q⌋ or ⌈rest/q⌉ packs (within its limit), the rest going to the next:
 * at most 3^types combinations, exact for one pack type and for the nested sizes packs are sold in.
 */
function cheapest(cands: Candidate[], N: number, r: number): { counts: number[]; cost: number } {
  let best = { counts: cands.map(() => 0), cost: N * r };
  const counts = cands.map(() => 0);
  const walk = (i: number, rest: number, spent: number) => {
    if (spent >= best.cost) return;
    if (i === cands.length || rest <= 0) {
      const cost = spent + Math.max(0, rest) * r;
      if (cost < best.cost - 1e-9 * Math.max(1, cost)) best = { counts: counts.slice(), cost };
      return;
    }
    const c = cands[i] as Candidate;
    const options = new Set([
      0,
      Math.min(c.max, Math.floor(rest / c.perPeriodQuantity)),
      Math.min(c.max, Math.ceil(rest / c.perPeriodQuantity)),
    ]);
    for (const n of options) {
      if (n > c.max || !Number.isFinite(n)) continue;
      counts[i] = n;
      walk(i + 1, rest - n * c.perPeriodQuantity, spent + n * c.perPeriodPrice);
    }
    counts[i] = 0;
  };
  walk(0, N, 0);
  return best;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toPrecision(4)}M` : n.toPrecision(4);
}
