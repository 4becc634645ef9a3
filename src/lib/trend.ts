import { type NameResolution, resolveModelName } from "../engine/names.js";
import type { Offering } from "../engine/resolve.js";
import { type Metric, offeringsNamed, type Trend, trend as trendOf } from "../engine/trend.js";
import { InputError } from "../errors.js";
import type { Catalog } from "../schema/catalog.js";

/** `llmcost trend` for library callers (docs/library.md): models' price series in a window. */

export interface TrendQuery {
  /** Model names as people type them (`openai/gpt-4o`, `claude-3.5-sonnet`). */
  models: string[];
  since: string;
  until: string;
  currency?: string;
  metric?: Metric;
}

/** `llmcost trend`: each model's price history in the window, with its annual rate of change. */
export function trend(catalog: Catalog, q: TrendQuery): Trend {
  const groups = q.models.map((m) => {
    const offerings: Offering[] = offeringsNamed(catalog, m);
    if (offerings.length === 0) {
      const r: NameResolution = resolveModelName(catalog, m);
      throw new InputError({ file: "models", message: `unknown model "${m}"`, found: m, hint: hintOf(r) });
    }
    return { label: m, kind: "offering" as const, offerings };
  });
  return trendOf(catalog, {
    groups,
    metric: q.metric ?? "blended",
    currency: q.currency ?? "USD",
    window: { since: q.since, until: q.until },
  });
}

function hintOf(r: NameResolution): string | undefined {
  if (r.kind === "ambiguous") return `it could be ${r.candidates.join(", ")}`;
  if (r.kind === "unknown" && r.suggestions.length) return `did you mean ${r.suggestions.join(" or ")}?`;
  return undefined;
}
