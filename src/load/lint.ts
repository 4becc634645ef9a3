import { monthsBefore } from "../dates.js";
import { type Diagnostic, formatPath, quoted } from "../errors.js";
import type { CatalogProvider, GpuPrice, ModelPrice, OverlayProvider } from "../schema/catalog.js";
import { type Located, positionOf } from "./yaml.js";

/**
 * Lint rules for catalog data: things that are allowed by the schema and the rules (so not faults)
 * but are usually a typing slip or a stale entry. Pure over parsed files with their positions: the
 * caller passes "today", these functions never read the clock. Each warning is placed like a fault.
 *
 * - `cached-above-input`: a cached-input price above the input price (caching never costs more to read).
 * - `output-below-input`: a chat model whose output price is below its input price.
 * - `price-jump`: a price that moves more than 10× (up or down) from one entry to the next.
 * - `stale`: an offering whose latest price (its `from`, or `checked` when later) is more than 12 months
 *   before today and has no `until`.
 */

export type LintRule = "cached-above-input" | "output-below-input" | "price-jump" | "stale";

export interface LintWarning extends Diagnostic {
  rule: LintRule;
}

/** One provider as it sits in a parsed file: its data and the path of its mapping in the file. */
export interface LintTarget {
  src: Located;
  provider: CatalogProvider | OverlayProvider;
  /** Path of the provider's mapping in the file: [] for a provider file, ["providers", i] in an overlay. */
  base: Array<string | number>;
}

export interface LintOptions {
  /** Today, YYYY-MM-DD: the reference for `stale`. */
  today: string;
  /** Ratio between consecutive prices that counts as a jump; default 10. */
  jump?: number;
  /** Months without a new price after which an open offering is stale; default 12. */
  staleMonths?: number;
}

type Seg = string | number;

const JUMP_FIELDS_API = ["input", "output", "cached_input"] as const;
const JUMP_FIELDS_GPU = ["on_demand", "spot", "reserved_1y", "reserved_3y"] as const;

/** `date` moved back by `months` calendar months (day clamped to the month's length). */
export { monthsBefore };

function warn(
  t: LintTarget,
  path: Seg[],
  rule: LintRule,
  message: string,
  extra: Partial<Diagnostic> = {},
): LintWarning {
  const full = [...t.base, ...path];
  return { file: t.src.file, ...positionOf(t.src, full), path: formatPath(full), message, rule, ...extra };
}

/** Every lint warning of the given providers, in file order. */
export function lintProviders(targets: readonly LintTarget[], opts: LintOptions): LintWarning[] {
  const out: LintWarning[] = [];
  for (const t of targets) out.push(...lintProvider(t, opts));
  return out;
}

export function lintProvider(t: LintTarget, opts: LintOptions): LintWarning[] {
  const out: LintWarning[] = [];
  const jump = opts.jump ?? 10;
  const staleBefore = monthsBefore(opts.today, opts.staleMonths ?? 12);
  const home = t.provider.provider.currency ?? "";
  (t.provider.models ?? []).forEach((m, mi) => {
    const mp: Seg[] = ["models", mi];
    const chat = (m.kind ?? "chat") === "chat";
    m.prices.forEach((e, ei) => {
      const ep: Seg[] = [...mp, "prices", ei];
      out.push(...cachedAboveInput(t, ep, e));
      if (chat && e.input !== undefined && e.output !== undefined && e.output < e.input)
        out.push(
          warn(t, [...ep, "output"], "output-below-input", "output price is below the input price for a chat model", {
            found: `input ${e.input}, output ${e.output}`,
            hint: "check that input and output are not swapped; set `kind:` if this is not a chat model",
          }),
        );
    });
    out.push(...jumps(t, [...mp, "prices"], m.prices, home, JUMP_FIELDS_API, jump));
    const last = latestOpen(m.prices, home);
    const seen = last ? seenOn(last.entry) : undefined;
    if (last && seen !== undefined && seen < staleBefore)
      out.push(
        warn(
          t,
          [...mp, "prices", last.index, last.entry.checked ? "checked" : "from"],
          "stale",
          `no price newer than ${seen} for ${quoted(m.id)}`,
          {
            expected: `a price checked since ${staleBefore} (12 months before ${opts.today}), or \`until:\` if it was retired`,
            found: seen,
            hint: "re-check the pricing page: set `checked:` (same price, with the source) or add a dated entry; close it with `until:` if it was retired",
          },
        ),
      );
  });
  (t.provider.gpus ?? []).forEach((g, gi) => {
    out.push(...jumps(t, ["gpus", gi, "prices"], g.prices, home, JUMP_FIELDS_GPU, jump));
  });
  return out;
}

function cachedAboveInput(t: LintTarget, ep: Seg[], e: ModelPrice): LintWarning[] {
  const out: LintWarning[] = [];
  if (e.cached_input !== undefined && e.input !== undefined && e.cached_input > e.input)
    out.push(
      warn(t, [...ep, "cached_input"], "cached-above-input", "cached-input price is above the input price", {
        found: `input ${e.input}, cached_input ${e.cached_input}`,
        hint: "a prompt-cache read is billed below fresh input; did you mean cache_write?",
      }),
    );
  (e.tiers ?? []).forEach((tier, ti) => {
    const input = tier.input ?? e.input;
    if (tier.cached_input !== undefined && input !== undefined && tier.cached_input > input)
      out.push(
        warn(
          t,
          [...ep, "tiers", ti, "cached_input"],
          "cached-above-input",
          "tier cached-input price is above its input price",
          {
            found: `input ${input}, cached_input ${tier.cached_input}`,
          },
        ),
      );
  });
  return out;
}

/** Consecutive entries of the same currency list whose price changes by more than `ratio` either way. */
function jumps<T extends ModelPrice | GpuPrice>(
  t: LintTarget,
  base: Seg[],
  entries: readonly T[],
  home: string,
  fields: readonly string[],
  ratio: number,
): LintWarning[] {
  const out: LintWarning[] = [];
  const prev = new Map<string, T>();
  entries.forEach((e, i) => {
    const cur = e.currency ?? home;
    const p = prev.get(cur);
    if (p)
      for (const f of fields) {
        const a = (p as Record<string, unknown>)[f];
        const b = (e as Record<string, unknown>)[f];
        if (typeof a !== "number" || typeof b !== "number" || a <= 0 || b <= 0) continue;
        const r = b / a;
        // "More than ratio×": a cut to exactly a tenth (6 → 0.6) is not flagged despite float noise.
        const limit = ratio * (1 + 1e-9);
        if (r > limit || r < 1 / limit)
          out.push(
            warn(
              t,
              [...base, i, f],
              "price-jump",
              `${f} price changes ${r > 1 ? "up" : "down"} ${fmtRatio(r)}× in one step`,
              {
                found: `${a} on ${p.from} → ${b} on ${e.from} (${cur})`,
                hint: "check the unit (per 1M vs per 1K tokens, per GPU vs per instance); if it is real, say why in `notes:`",
              },
            ),
          );
      }
    prev.set(cur, e);
  });
  return out;
}

function fmtRatio(r: number): string {
  const x = r >= 1 ? r : 1 / r;
  return Number.parseFloat(x.toPrecision(3)).toString();
}

/** The last day an entry is known to be right: its `checked` date when later than `from`. */
export function seenOn(e: { from: string; checked?: string | undefined }): string {
  return e.checked !== undefined && e.checked > e.from ? e.checked : e.from;
}

/** The latest entry over all currency lists when it is still open (no `until`); undefined otherwise. */
function latestOpen(entries: readonly ModelPrice[], home: string): { entry: ModelPrice; index: number } | undefined {
  const lastPerCurrency = new Map<string, number>();
  entries.forEach((e, i) => {
    lastPerCurrency.set(e.currency ?? home, i);
  });
  let best: { entry: ModelPrice; index: number } | undefined;
  for (const i of lastPerCurrency.values()) {
    const e = entries[i] as ModelPrice;
    if (e.until !== undefined) continue;
    if (!best || seenOn(e) > seenOn(best.entry)) best = { entry: e, index: i };
  }
  return best;
}
