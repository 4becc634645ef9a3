import type { Counted, Pack } from "../../schema/billing.js";
import type { Component, Option, PackDetail } from "../../schema/report.js";
import { breakEven, component, type OptionExtras } from "../components.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import { daysIn } from "../units.js";
import { ruleOption } from "./apply.js";
import { coveredBy, shareOf } from "./covered.js";
import { type Carried, type Drawing, type PackLedger, packKey } from "./pack-ledger.js";
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
 *
 * Everything that depends only on the offering (the packs in force, their prices in the report
 * currency, the notes about free quotas) is prepared once per offering and estimate; per item the
 * rule only searches the combination and builds the option.
 */

interface Candidate {
  pack: Pack;
  /** The price entry in force (its date and source go on the option's `pack.packs`). */
  from: string;
  source: string;
  price: number;
  /** Per period: quantity one pack-per-window covers and what it costs. */
  perPeriodQuantity: number;
  perPeriodPrice: number;
  max: number;
}

/** The packs of one kind of count (a token pack and an amount pack do not mix: separate options). */
interface PackGroup {
  counts: Counted;
  /** In force, in the report currency, cheapest per unit first (at most MAX_TYPES). */
  cands: Candidate[];
  /** Report-currency units per unit of the packs' currency (for `amount`). */
  toReport: number;
  /** Packs that could not be priced (no exchange rate): the item's notes. */
  notes: string[];
  /** The free quotas' notes, on every option of the group; with the "no pack pays off" note first. */
  freeNotes: string[];
  notesNone: string[];
}

const MAX_TYPES = 8;
const NO_PACK_NOTE = "no pack pays off at this volume: all of it is paid as you go";

export const packsRule: BillingRule = {
  id: "packs",
  billing: "pack",
  appliesTo: (provider, model) => (provider.packs ?? []).some((p) => coversModel(p.models, model)),
  options(ctx, notes) {
    const out: Option[] = [];
    for (const g of prepared(ctx, "packs", () => prepareGroups(ctx))) {
      for (const n of g.notes) notes.push(n);
      if (g.cands.length === 0) continue;
      const o = packOption(ctx, g, notes);
      if (o) out.push(o);
    }
    return out;
  },
};

/** The offering's packs grouped by what they count, in catalog order of first appearance. */
function prepareGroups(ctx: OfferingContext): PackGroup[] {
  const byCount = new Map<Counted, Pack[]>();
  for (const p of ctx.provider.packs ?? [])
    if (coversModel(p.models, ctx.model)) byCount.set(p.counts, [...(byCount.get(p.counts) ?? []), p]);
  return [...byCount].map(([counts, packs]) => prepareGroup(ctx, counts, packs));
}

/** The packs in force, in the report currency, cheapest per unit first. */
function prepareGroup(ctx: OfferingContext, counts: Counted, packs: Pack[]): PackGroup {
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
      from: r.entry.from,
      source: r.entry.source,
      price,
      perPeriodQuantity: pack.free ? pack.quantity : pack.quantity * k,
      perPeriodPrice: price * k,
      max: pack.free ? 1 : (pack.max_count ?? Number.POSITIVE_INFINITY),
    });
  }
  cands.sort((a, b) => a.perPeriodPrice / a.perPeriodQuantity - b.perPeriodPrice / b.perPeriodQuantity);
  const kept = cands.slice(0, MAX_TYPES);
  const freeNotes: string[] = [];
  for (const c of kept)
    if (c.pack.free)
      freeNotes.push(
        `${c.pack.id} is a free quota, granted once: this is the first ${ctx.period}; later ones pay as you go (it expires ${c.pack.validity_days} days after activation)`,
      );
  // Shared by the options of every item, so frozen: nothing appends to an option's notes.
  const notesNone = Object.freeze([NO_PACK_NOTE, ...freeNotes]) as string[];
  return { counts, cands: kept, toReport, notes, freeNotes: Object.freeze(freeNotes) as string[], notesNone };
}

/** What earlier items of the workload left: the free quotas' remainders and unused bought packs. */
interface Earlier {
  cands: Candidate[];
  /** Quantity this item takes from packs bought for earlier items (at no cost to it). */
  carried: number;
  draws: { entry: Carried; used: number }[];
  notes: string[];
}

function fromEarlier(ctx: OfferingContext, g: PackGroup, led: PackLedger, N: number): Earlier {
  const provider = ctx.base.provider;
  let cands = g.cands;
  const notes: string[] = [];
  for (const c of g.cands) {
    if (!c.pack.free) continue;
    const key = packKey(provider, c.pack.id);
    const left = led.free.get(key);
    if (left === undefined) continue;
    if (cands === g.cands) cands = g.cands.slice();
    const users = (led.users.get(key) ?? []).join(", ");
    const i = cands.indexOf(c);
    if (left <= 0) {
      cands.splice(i, 1);
      notes.push(`${c.pack.id} is used up by earlier items of the workload (${users})`);
    } else {
      cands[i] = { ...c, perPeriodQuantity: left };
      notes.push(
        `${c.pack.id}: ${fmt(left)} of its ${fmt(c.pack.quantity)} ${g.counts} left after earlier items (${users})`,
      );
    }
  }
  let carried = 0;
  const draws: Earlier["draws"] = [];
  for (const entry of led.carried.get(packKey(provider, g.counts)) ?? []) {
    if (carried >= N || entry.quantity <= 0) continue;
    if (!entry.ids.every((id) => g.cands.some((c) => c.pack.id === id))) continue;
    const used = Math.min(N - carried, entry.quantity);
    carried += used;
    draws.push({ entry, used });
    notes.push(`${fmt(used)} ${g.counts} from packs bought for ${entry.from} and left unused there`);
  }
  return { cands, carried, draws, notes };
}

function packOption(ctx: OfferingContext, g: PackGroup, itemNotes: string[]): Option | undefined {
  const P = daysIn(ctx.period);
  const counts = g.counts;
  const cov = coveredBy(ctx, counts, g.toReport);
  const N = cov.volume;
  const rate = cov.rate;
  const led = ctx.packs;
  const earlier = led ? fromEarlier(ctx, g, led, N) : undefined;
  const cands = earlier ? earlier.cands : g.cands;
  const carried = earlier ? earlier.carried : 0;
  if (cands.length === 0 && carried === 0) {
    if (earlier) for (const n of earlier.notes) itemNotes.push(`${ctx.base.provider}/${ctx.base.offering}: ${n}`);
    return undefined;
  }
  const b = bought(cands, cheapest(cands, N - carried, rate).counts, P);
  const components = b.components;
  if (carried > 0)
    components.unshift(component("packs left by earlier items", carried, counts, 0, "fixed", 1, "already paid for"));
  const coveredQty = Math.min(N, b.quantity + carried);
  const overflow = N - coveredQty;
  if (overflow > 0)
    for (const comp of shareOf(cov.covered, N > 0 ? overflow / N : 0, "overflow")) components.push(comp);
  for (const comp of cov.rest) components.push(comp);
  const some = b.used.length > 0 || carried > 0;
  const detail: PackDetail = {
    unit: counts,
    window_days: some ? b.window : P,
    needed: N,
    covered: coveredQty,
    overflow,
    unused: Math.max(0, b.quantity - coveredQty),
    expires_after_days: some ? b.expires : P,
    packs: b.used,
  };
  let oNotes = some ? g.freeNotes : g.notesNone;
  if (earlier?.notes.length) oNotes = [...oNotes, ...earlier.notes];
  if (detail.unused > 0)
    oNotes = [
      ...oNotes,
      `${fmt(detail.unused)} ${counts} bought but unused per ${ctx.period}: they expire ${detail.expires_after_days} days after purchase`,
    ];
  const be = packBreakEven(cands.length ? cands : g.cands, rate, counts);
  const plan =
    b.plan ||
    (carried > 0
      ? (earlier?.draws.map((d) => d.entry.ids.join("+")).join("+") ?? "")
      : (cands[0] as Candidate).pack.id);
  if (led) led.pending.push(drawing(ctx, g, plan, cands, b, carried, N, detail.unused, earlier?.draws ?? []));
  // One literal, not fields added to the break-even's object: see billingOption.
  return ruleOption(ctx, "pack", components, oNotes, {
    once: b.once ? true : undefined,
    plan,
    break_even: be.break_even,
    break_even_note: be.break_even_note,
    pack: detail,
  });
}

/**
 * What this option would draw from the workload's packs: the free quotas it uses (free candidates
 * cost nothing, so they come first in the search's order and cover the volume first), what it takes
 * from earlier items' packs, and the unused part of the packs it buys (left for later items).
 */
function drawing(
  ctx: OfferingContext,
  g: PackGroup,
  plan: string,
  cands: Candidate[],
  b: Bought,
  carried: number,
  N: number,
  unused: number,
  draws: Drawing["carried"],
): Drawing {
  const provider = ctx.base.provider;
  const free: Drawing["free"] = [];
  let need = N - carried;
  for (const c of cands) {
    if (!c.pack.free || need <= 0 || !b.used.some((u) => u.id === c.pack.id)) continue;
    const used = Math.min(need, c.perPeriodQuantity);
    free.push({ key: packKey(provider, c.pack.id), left: c.perPeriodQuantity, used });
    need -= used;
  }
  return {
    offering: packKey(provider, ctx.base.offering),
    plan,
    free,
    carried: draws,
    group: packKey(provider, g.counts),
    ids: b.once ? [] : b.used.map((u) => u.id),
    unused: b.once ? 0 : unused,
  };
}

/** The packs bought per period (`counts[i]` of candidate i per window): components, detail, totals. */
interface Bought {
  components: Component[];
  used: PackDetail["packs"];
  /** Quantity bought per period. */
  quantity: number;
  /** A free quota is among them (the option holds for the first period only). */
  once: boolean;
  /** Ids joined by "+". */
  plan: string;
  /** Longest and shortest validity of the packs bought. */
  window: number;
  expires: number;
}

function bought(cands: Candidate[], counts: number[], P: number): Bought {
  const b: Bought = { components: [], used: [], quantity: 0, once: false, plan: "", window: 0, expires: Infinity };
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c === 0) continue;
    const cand = cands[i] as Candidate;
    const { id, free, quantity, validity_days: days } = cand.pack;
    b.quantity += c * cand.perPeriodQuantity;
    const perPeriod = free ? c : (c * P) / days;
    b.components.push(
      component(`pack ${id}`, perPeriod, "packs", cand.price, "per_pack", 1, `${c} per ${days}-day window`),
    );
    b.used.push({
      id,
      name: cand.pack.name,
      count: c,
      quantity,
      price: cand.price,
      validity_days: days,
      price_from: cand.from,
      source: cand.source,
    });
    if (free) b.once = true;
    b.plan = b.plan ? `${b.plan}+${id}` : id;
    if (days > b.window) b.window = days;
    if (days < b.expires) b.expires = days;
  }
  return b;
}

/** The least volume at which some pack costs no more than paying as you go for it. */
function packBreakEven(cands: Candidate[], rate: number, unit: string): OptionExtras {
  if (rate <= 0) return breakEven(undefined, unit, "the item's pay-as-you-go cost is 0: no pack can save anything");
  let least = Number.POSITIVE_INFINITY;
  let free = false;
  for (const c of cands) {
    if (c.perPeriodPrice === 0) free = true;
    else if (c.perPeriodPrice / c.perPeriodQuantity < rate) least = Math.min(least, c.perPeriodPrice / rate);
  }
  if (least < Number.POSITIVE_INFINITY) return breakEven(least, unit, "");
  if (free) return breakEven(0, unit, "");
  return breakEven(undefined, unit, "no pack is cheaper per unit than pay-as-you-go on this offering");
}

/** The search's state: the counts being tried and the best found so far. */
interface Search {
  cands: Candidate[];
  r: number;
  counts: number[];
  best: number[];
  bestCost: number;
}

/**
 * The cheapest whole-pack counts for N units at an overflow rate r. Candidates are sorted by unit
 * price; each takes 0, ⌊rest/q⌋ or ⌈rest/q⌉ packs (within its limit), the rest going to the next:
 * at most 3^types combinations, exact for one pack type and for the nested sizes packs are sold in.
 */
function cheapest(cands: Candidate[], N: number, r: number): { counts: number[]; cost: number } {
  const s: Search = { cands, r, counts: cands.map(() => 0), best: cands.map(() => 0), bestCost: N * r };
  walk(s, 0, N, 0);
  return { counts: s.best, cost: s.bestCost };
}

function walk(s: Search, i: number, rest: number, spent: number): void {
  if (spent >= s.bestCost) return;
  if (i === s.cands.length || rest <= 0) {
    const cost = spent + Math.max(0, rest) * s.r;
    if (cost < s.bestCost - 1e-9 * Math.max(1, cost)) {
      s.bestCost = cost;
      for (let k = 0; k < s.counts.length; k++) s.best[k] = s.counts[k] as number;
    }
    return;
  }
  const c = s.cands[i] as Candidate;
  const lo = Math.min(c.max, Math.floor(rest / c.perPeriodQuantity));
  const hi = Math.min(c.max, Math.ceil(rest / c.perPeriodQuantity));
  // 0, ⌊rest/q⌋, ⌈rest/q⌉, each once, in that order (the first of equal costs wins).
  try3(s, i, rest, spent, c, 0);
  if (lo !== 0) try3(s, i, rest, spent, c, lo);
  if (hi !== 0 && hi !== lo) try3(s, i, rest, spent, c, hi);
  s.counts[i] = 0;
}

function try3(s: Search, i: number, rest: number, spent: number, c: Candidate, n: number): void {
  if (n > c.max || !Number.isFinite(n)) return;
  s.counts[i] = n;
  walk(s, i + 1, rest - n * c.perPeriodQuantity, spent + n * c.perPeriodPrice);
}

/** 1.2M, 400k, 950: four significant digits, trailing zeros dropped. */
function fmt(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(4))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(4))}k`;
  return String(Number(n.toPrecision(4)));
}
