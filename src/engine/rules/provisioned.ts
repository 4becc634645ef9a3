import type { Provisioned, ProvisionedModel, Term } from "../../schema/billing.js";
import type { ApiModel } from "../../schema/catalog.js";
import type { Option, PriceUnit } from "../../schema/report.js";
import type { InferenceItem, Period } from "../../schema/workload.js";
import { breakEven, component } from "../components.js";
import { resolvePriceCached as resolvePrice } from "../resolve.js";
import type { Path, Problem } from "../types.js";
import { HOURS_PER, requestsPerPeriod } from "../units.js";
import { ruleOption } from "./apply.js";
import { type BillingRule, type OfferingContext, prepared } from "./types.js";

/**
 * Provisioned throughput (catalog `provisioned:`): Azure OpenAI PTUs, Bedrock model units, Vertex
 * GSUs, Doubao model units. Capacity is bought in units, each carrying `input_tpm_per_unit` input
 * tokens a minute, an output token counting as `output_weight` input tokens. The deployment is
 * sized for the item's peak:
 *   peak load L = peak requests/min · (input + output_weight · output) input-equivalent tokens/min
 *   units = max(minimum, ⌈L / tpm_per_unit / increment⌉ · increment)
 *   cost = units · price per unit-hour (or unit-month, or per term) over the period
 *   utilisation = average load ÷ (units · tpm_per_unit)
 * Break-even: the token volume whose pay-as-you-go cost equals this deployment's cost, if the
 * deployment can carry it; else none (docs/billing.md "Provisioned throughput").
 *
 * Worked example (docs/billing.md): Azure gpt-4o, regional PTU (2,500 input TPM per PTU, output ×3,
 * minimum 50, step 50), peak 300 requests/min of 1,000 in / 200 out: L = 300 · (1,000 + 3 · 200)
 * = 480,000 TPM → 192 PTU → 200 PTU; hourly at $2: 200 · 2 · 730 = $292,000 a month.
 */

const TERM_HOURS: Record<Term, number> = {
  hourly: 1,
  week: 168,
  month: 730,
  quarter: 2190,
  "6_months": 4380,
  year: 8760,
};
const TERM_UNIT: Record<Term, PriceUnit> = {
  hourly: "per_unit_hour",
  week: "per_unit_week",
  month: "per_unit_month",
  quarter: "per_unit_quarter",
  "6_months": "per_unit_6_months",
  year: "per_unit_year",
};

function modelEntry(p: Provisioned, model: ApiModel): ProvisionedModel | undefined {
  return p.models.find((m) => m.model === model.id || m.model === model.model || model.aliases?.includes(m.model));
}

export const provisionedRule: BillingRule = {
  id: "provisioned",
  billing: "provisioned",
  // A deployment is sized for the busiest minute: without a `peak:` there is nothing to size it for.
  needsPeak: true,
  appliesTo: (provider, model) => (provider.provisioned ?? []).some((p) => modelEntry(p, model) !== undefined),
  options(ctx, notes) {
    const out: Option[] = [];
    if (!ctx.item.peak) return out;
    for (const p of ctx.provider.provisioned ?? []) {
      const m = modelEntry(p, ctx.model);
      if (m) for (const o of provisionedOptions(ctx, p, m, notes)) out.push(o);
    }
    return out;
  },
};

/** Average and peak requests per minute of an item over the period. */
export function peakOf(it: InferenceItem, period: Period): { average: number; peak: number; given: boolean } {
  const average = requestsPerPeriod(it, period) / (HOURS_PER[period] * 60);
  const p = it.peak;
  if (!p) return { average, peak: average, given: false };
  if (p.requests_per_minute !== undefined) return { average, peak: p.requests_per_minute, given: true };
  if (p.tokens_per_minute !== undefined) {
    const perRequest = it.input_tokens + it.output_tokens + it.reasoning_tokens;
    return { average, peak: perRequest > 0 ? p.tokens_per_minute / perRequest : 0, given: true };
  }
  return { average, peak: average * (p.ratio ?? 1), given: true };
}

/** A peak below the average load is a mistake in the workload (exit 2 with its place). */
export function checkPeak(it: InferenceItem, period: Period, path: Path, problems: Problem[]): void {
  if (!it.peak) return;
  const { average, peak } = peakOf(it, period);
  if (peak >= average * (1 - 1e-9)) return;
  const field = it.peak.requests_per_minute !== undefined ? "requests_per_minute" : "tokens_per_minute";
  const perRequest = it.input_tokens + it.output_tokens + it.reasoning_tokens;
  const avgShown = field === "requests_per_minute" ? average : average * perRequest;
  problems.push({
    kind: "invalid",
    path: [...path, "peak", field],
    message: `the peak is lower than the average load (${avgShown.toPrecision(6)} ${field.replace(/_/g, " ")} over the ${period})`,
    expected: `a peak of at least ${avgShown.toPrecision(6)}`,
    found: String(it.peak[field]),
    hint: "the peak is the busiest minute's load; or give peak: {ratio: 3} for three times the average",
  });
}

interface PreparedTerm {
  term: Term;
  price: number;
  perUnitOfPrice: number;
  priceUnit: PriceUnit;
  qtyUnit: string;
  name: string;
  plan: string;
  label: string;
  commitNote: string | undefined;
  /** The option's notes when a peak is given, and when it is not (shared lists: never appended to). */
  notesPeak: string[];
  notesNoPeak: string[];
}

interface PreparedOffer {
  fx: number;
  terms: PreparedTerm[];
  /** The price entry in force: its date and source go on each option's `provisioned` detail. */
  from: string;
  source: string;
}

/** The price entry in force and each term's units and labels, once per offering and estimate. */
function prepareOffer(ctx: OfferingContext, p: Provisioned): PreparedOffer | string | undefined {
  const r = resolvePrice(p.prices, ctx.opts.asOf, ctx.opts.currency, ctx.provider.provider.currency);
  if (!r) return undefined;
  const fx = ctx.fx(r.currency);
  if (fx === undefined)
    return `${ctx.base.provider} ${p.id}: no ${r.currency}→${ctx.opts.currency} rate at ${ctx.opts.asOf}`;
  const hours = HOURS_PER[ctx.period];
  return {
    fx,
    from: r.entry.from,
    source: r.entry.source,
    terms: r.entry.terms
      .map(
        (t): PreparedTerm => ({
          term: t.term,
          price: t.price,
          perUnitOfPrice:
            t.per === "unit_hour" ? hours : t.per === "unit_month" ? hours / 730 : hours / TERM_HOURS[t.term],
          priceUnit:
            t.per === "unit_hour" ? "per_unit_hour" : t.per === "unit_month" ? "per_unit_month" : TERM_UNIT[t.term],
          qtyUnit:
            t.per === "unit_hour"
              ? `${p.kind}_hours`
              : t.per === "unit_month"
                ? `${p.kind}_months`
                : `${p.kind}_${t.term}s`,
          name: `${p.kind} ${t.term}`,
          plan: `${p.id} ${t.term}`,
          label: t.term === "hourly" ? `× ${p.kind}, no commitment` : `× ${p.kind}, ${t.term} term`,
          commitNote:
            t.term !== "hourly" && TERM_HOURS[t.term] > hours
              ? `a ${t.term} commitment: the whole term is owed even if the workload stops sooner`
              : undefined,
          notesPeak: [],
          notesNoPeak: [],
        }),
      )
      .map((t) => {
        t.notesPeak = t.commitNote ? [t.commitNote] : [];
        t.notesNoPeak = t.commitNote ? [NO_PEAK_NOTE, t.commitNote] : [NO_PEAK_NOTE];
        return t;
      }),
  };
}

/** The deployment an item's peak needs on one provisioned offer. */
interface Sizing {
  units: number;
  peakTpm: number;
  avgTpm: number;
  /** Input-equivalent tokens a minute the units carry (null: not published). */
  capacity: number | null;
  given: boolean;
  /** Notes on the sizing (no peak given, no throughput published). */
  notes: string[];
}

/** Units for the item's peak (input-equivalent tokens a minute), within the offer's minimum and increment. */
function sizeFor(ctx: OfferingContext, p: Provisioned, m: ProvisionedModel): Sizing {
  const it = ctx.item;
  const { average, peak, given } = peakOf(it, ctx.period);
  const eqPerRequest = it.input_tokens + m.output_weight * (it.output_tokens + it.reasoning_tokens);
  const peakTpm = peak * eqPerRequest;
  let units = m.minimum;
  const notes: string[] = [];
  if (!given) notes.push(NO_PEAK_NOTE);
  if (m.input_tpm_per_unit !== undefined) {
    const needed = peakTpm / m.input_tpm_per_unit;
    units = Math.max(m.minimum, Math.ceil(needed / m.increment - 1e-9) * m.increment);
  } else
    notes.push(
      `${ctx.base.provider} publishes no throughput per ${p.kind}: priced at the minimum of ${m.minimum}; check that it carries your peak`,
    );
  const capacity = m.input_tpm_per_unit !== undefined ? units * m.input_tpm_per_unit : null;
  return { units, peakTpm, avgTpm: average * eqPerRequest, capacity, given, notes };
}

function provisionedOptions(ctx: OfferingContext, p: Provisioned, m: ProvisionedModel, notes: string[]): Option[] {
  const prep = prepared(ctx, `provisioned:${p.id}`, () => prepareOffer(ctx, p));
  if (typeof prep === "string") notes.push(prep);
  if (!prep || typeof prep === "string") return [];
  const size = sizeFor(ctx, p, m);
  const units = size.units;
  if (m.maximum !== undefined && units > m.maximum) {
    notes.push(
      `${ctx.base.provider} ${p.id}: the peak needs ${units} units, above the most one deployment takes (${m.maximum})`,
    );
    return [];
  }
  const tokens = ctx.volumes.tokens;
  const rate = tokens > 0 ? ctx.payg.cost / tokens : 0;
  // Tokens (at the item's mix) the deployment can carry over the period.
  const carried =
    size.capacity !== null && tokens > 0
      ? (size.capacity * 60 * HOURS_PER[ctx.period]) /
        ((ctx.volumes.input_tokens + m.output_weight * ctx.volumes.output_tokens) / tokens)
      : Number.POSITIVE_INFINITY;
  return prep.terms.map((t) => termOption(ctx, p, m, prep, size, t, rate, carried));
}

/** The option of one term (hourly, monthly, yearly…) for the sized deployment. */
function termOption(
  ctx: OfferingContext,
  p: Provisioned,
  m: ProvisionedModel,
  prep: PreparedOffer,
  size: Sizing,
  t: PreparedTerm,
  rate: number,
  carried: number,
): Option {
  const { units, notes: oNotes, given } = size;
  const c = component(
    t.name,
    units * t.perUnitOfPrice,
    t.qtyUnit,
    t.price,
    t.priceUnit,
    prep.fx,
    `${units} ${t.label}`,
  );
  const termNotes =
    oNotes.length === 0 ? t.notesPeak : oNotes.length === 1 && !given ? t.notesNoPeak : [...oNotes, ...t.notesPeak];
  // Break-even: the tokens whose pay-as-you-go cost equals the deployment's cost, if it carries them.
  const be = rate > 0 ? c.cost / rate : undefined;
  const extras =
    be === undefined
      ? breakEven(undefined, "tokens", "the item's pay-as-you-go cost is 0")
      : be > carried
        ? breakEven(undefined, "tokens", `pay-as-you-go is cheaper at every volume ${units} ${p.kind} can carry`)
        : breakEven(be, "tokens", "");
  extras.plan = t.plan;
  extras.provisioned = {
    id: p.id,
    kind: p.kind,
    term: t.term,
    units,
    minimum_units: m.minimum,
    peak_tokens_per_minute: size.peakTpm,
    capacity_tokens_per_minute: size.capacity,
    utilization: size.capacity ? size.avgTpm / size.capacity : null,
    price_from: prep.from,
    source: prep.source,
  };
  return ruleOption(ctx, "provisioned", [c], termNotes, extras);
}

const NO_PEAK_NOTE = "no `peak:` given: sized for the average load (set peak: to size for the busiest minute)";
