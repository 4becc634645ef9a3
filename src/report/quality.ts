import type { ModelQuality, QualityView } from "../schema/quality.js";
import { esc, textWidth, wrapLines } from "./format.js";
import { type Phrases, phrases } from "./labels.js";
import type { ReportOptions } from "./registry.js";
import { type Column, type Row, renderRows } from "./rows.js";

/**
 * Renderers of quality classes (docs/quality.md): the line `catalog show` prints, and the
 * `catalog quality` view. Scores are shown to one decimal, as the catalog records them.
 */

const one = (n: number) => n.toFixed(1);

const EN = phrases("en");

/** "basic (arena-elo 1287.2, 199.4 below the top 1486.6; LMArena text, overall, 2025-12-11)". */
export function qualitySummary(q: ModelQuality): string {
  if (q.override)
    return `${q.class} (override from ${q.date}${q.score !== null ? `; leaderboard score ${one(q.score)}` : ""})`;
  const below = q.top !== null && q.score !== null ? `, ${one(q.top - q.score)} below the top ${one(q.top)}` : "";
  return `${q.class} (${q.metric} ${q.score === null ? "?" : one(q.score)}${below}; ${q.leaderboard}, ${q.date})`;
}

/** The lines `catalog show` prints for a model's class. */
export function qualityLines(q: ModelQuality | null, asOf: string, t: Phrases = EN): string[] {
  if (!q)
    return [t("quality on {date}: no class (no leaderboard snapshot scores it; docs/quality.md)", { date: asOf })];
  return [
    t("quality on {date}: {summary}", { date: asOf, summary: qualitySummary(q) }),
    t("  source: {source}", { source: q.source }),
  ];
}

/** Columns of one snapshot's table: the interval only when the snapshot publishes one. */
function columnsOf(s: QualityView["snapshots"][number], t: Phrases): Column[] {
  return [
    { key: "class", title: t("class") },
    { key: "key", title: t("model (leaderboard name)"), max: 48 },
    { key: "score", title: t("score"), align: "right" },
    ...(s.rows.some((r) => r.ci) ? [{ key: "ci", title: "95% CI" }] : []),
    { key: "below", title: t("below top"), align: "right" },
  ];
}

function rowsOf(s: QualityView["snapshots"][number]): Row[] {
  return s.rows.map((r) => ({
    class: r.class,
    key: r.name ? `${r.key} (${r.name})` : r.key,
    score: one(r.score),
    ci: r.ci ? `${one(r.ci[0])}–${one(r.ci[1])}` : "",
    below: one(r.below_top),
  }));
}

function render(view: QualityView, format: "table" | "markdown", opts: ReportOptions): string {
  const t = phrases(opts.lang);
  const out: string[] = [];
  if (view.snapshots.length === 0)
    out.push(
      `${t("No quality snapshot dated on or before {date} (docs/quality.md).", { date: view.catalog.as_of })}\n`,
    );
  for (const s of view.snapshots) {
    const b = s.bands;
    const head = t(
      "{leaderboard}, {metric}, {date}: top {top} {score}; classes by points below the top: frontier ≤ {frontier}, strong ≤ {strong}, mid ≤ {mid}, else basic",
      {
        leaderboard: s.leaderboard,
        metric: s.metric,
        date: s.date,
        top: s.top.name,
        score: one(s.top.score),
        frontier: b.frontier,
        strong: b.strong,
        mid: b.mid,
      },
    );
    const via = s.via ? t(" (read via {via})", { via: s.via }) : "";
    const src = t("source: {source}{via}", { source: s.source, via });
    if (format === "markdown") out.push(`#### ${esc(head)}\n\n${esc(src)}\n\n`);
    else out.push(`${wrapLines(`${head}\n${src}`, textWidth(opts.width))}\n\n`);
    out.push(renderRows(format, columnsOf(s, t), rowsOf(s), null, opts), "\n");
  }
  if (view.overrides.length) {
    out.push(format === "markdown" ? `#### ${t("Overrides in force")}\n\n` : `${t("Overrides in force")}\n`);
    const rows = view.overrides.map((o) => ({ model: o.model, class: o.class, from: o.from, source: o.source }));
    out.push(
      renderRows(
        format,
        [
          { key: "model", title: t("model"), max: 40 },
          { key: "class", title: t("class") },
          { key: "from", title: t("date|from") },
          { key: "source", title: t("source"), max: 50 },
        ],
        rows,
        null,
        opts,
      ),
    );
  }
  return out.join("").replace(/\n+$/, "\n");
}

export const renderQualityTable = (v: QualityView, o: ReportOptions) => render(v, "table", o);
export const renderQualityMarkdown = (v: QualityView, o: ReportOptions) => render(v, "markdown", o);
