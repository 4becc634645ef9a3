import { formatDiagnostic } from "../../errors.js";
import type { CatalogDiffReport, CatalogListing, CatalogShow, ValidateReport } from "../../schema/catalog-views.js";
import type { UsageReport } from "../../schema/usage.js";
import { listApiRows, listGpuRows, moveRows, providerRows, type StatsView, statsRows } from "../catalog.js";
import { billingBlocks, noBilling } from "../catalog-billing.js";
import { money, percent, quantity, unitPrice } from "../format.js";
import { phrases } from "../labels.js";
import type { ReportOptions } from "../registry.js";
import { validateSummary } from "../validate.js";
import { stackedBars } from "./charts.js";
import { type CellInput, h, labels, notes, num, page, section, sourceLink, table } from "./page.js";

/** HTML of the catalog views (list, show, diff, stats, validate) and of `usage`. */

export function renderCatalogListHtml(d: CatalogListing, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const body: string[] = [];
  if (d.api)
    body.push(
      section(
        `${t("API offerings")} (${t("per 1M tokens")})`,
        table(
          t("API offerings"),
          [
            t("provider"),
            t("offering"),
            { text: t("input"), num: true },
            { text: t("output"), num: true },
            { text: t("cached"), num: true },
            t("currency"),
            t("since"),
            t("kind"),
            t("source"),
          ],
          listApiRows(d).map((r) => [
            r.provider ?? "",
            r.offering ?? "",
            num(r.input ?? ""),
            num(r.output ?? ""),
            num(r.cached ?? ""),
            r.currency ?? "",
            r.from ?? "",
            r.kind ?? "",
            { text: r.source ?? "", html: sourceLink(r.source ?? "") },
          ]),
        ),
      ),
    );
  const gpuRows = d.gpus ? listGpuRows(d) : [];
  // AWS's Capacity Block offers hold only that price: its column, where a listed offer has one.
  const block = gpuRows.some((r) => r.capacity_block !== "");
  if (d.gpus)
    body.push(
      section(
        `${t("GPU offers")} (${t("per GPU-hour")})`,
        table(
          t("GPU offers"),
          [
            t("provider"),
            "gpu",
            "instance",
            { text: "on-demand", num: true },
            { text: "spot", num: true },
            { text: "1y", num: true },
            { text: "3y", num: true },
            ...(block ? [{ text: t("capacity block"), num: true }] : []),
            t("currency"),
            t("since"),
            t("source"),
          ],
          gpuRows.map((r) => [
            r.provider ?? "",
            r.gpu ?? "",
            r.instance ?? "",
            num(r.on_demand ?? ""),
            num(r.spot ?? ""),
            num(r.reserved_1y ?? ""),
            num(r.reserved_3y ?? ""),
            ...(block ? [num(r.capacity_block ?? "")] : []),
            r.currency ?? "",
            r.from ?? "",
            { text: r.source ?? "", html: sourceLink(r.source ?? "") },
          ]),
        ),
      ),
    );
  return page({
    lang: opts.lang,
    title: `${t("Catalog listing")} ${d.catalog.as_of}`,
    subtitle: `${t("catalog")} ${d.catalog.version}`,
    body: body.join("\n"),
  });
}

export function renderCatalogShowHtml(s: CatalogShow, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const body: string[] = [];
  if (s.architecture)
    body.push(
      section(
        s.architecture.id,
        `<p>${h(`${quantity(s.architecture.parameters)} parameters, ${s.architecture.layers} layers, context ${s.architecture.context}`)} — ${sourceLink(s.architecture.source)}</p>`,
      ),
    );
  if (s.accelerator)
    body.push(
      section(
        s.accelerator.id,
        `<p>${h(`${s.accelerator.name}, ${s.accelerator.memory_gb} GB, ${s.accelerator.memory_bandwidth_tbs} TB/s`)} — ${sourceLink(s.accelerator.source)}</p>`,
      ),
    );
  for (const m of s.api) body.push(apiModelSection(m, t));
  for (const g of s.gpus) body.push(gpuOfferSection(g, t));
  body.push(...billingHtml(s, opts));
  return page({ lang: opts.lang, title: `${t("Price history")}: ${s.id}`, subtitle: "", body: body.join("\n") });
}

type Labels = ReturnType<typeof labels>;

/** The notes of an offering's dated entries (`from: note`), then its own. */
function entryNotes(
  t: Labels,
  entries: ReadonlyArray<{ from: string; notes?: string | undefined }>,
  own: string | undefined,
): string {
  return notes(t("notes"), [
    ...entries.flatMap((e) => (e.notes ? [`${e.from}: ${e.notes}`] : [])),
    ...(own ? [own] : []),
  ]);
}

/** One API model of `show`: its dated prices with their sources, then the notes. */
function apiModelSection(m: CatalogShow["api"][number], t: Labels): string {
  return section(
    `${m.provider} ${m.id}`,
    table(
      `${m.provider} ${m.id}`,
      [
        t("since"),
        "until",
        t("currency"),
        { text: t("input"), num: true },
        { text: t("output"), num: true },
        { text: t("cached"), num: true },
        t("source"),
      ],
      m.prices.map((e) => [
        e.from,
        e.until ?? "",
        e.currency ?? m.currency,
        num(e.free ? "free" : e.input === undefined ? "" : unitPrice(e.input)),
        num(e.free ? "free" : e.output === undefined ? "" : unitPrice(e.output)),
        num(e.cached_input === undefined ? "" : unitPrice(e.cached_input)),
        { text: e.source ?? m.source, html: sourceLink(e.source ?? m.source) },
      ]),
    ) + entryNotes(t, m.prices, m.notes),
  );
}

/** One GPU offer of `show`: its dated prices per GPU-hour with their sources, then the notes. */
function gpuOfferSection(g: CatalogShow["gpus"][number], t: Labels): string {
  // AWS's Capacity Block offers hold only this price: its column, where an offer has it.
  const block = g.prices.some((e) => e.capacity_block !== undefined);
  const price = (v: number | undefined) => num(v === undefined ? "" : unitPrice(v));
  return section(
    `${g.provider} ${g.gpu}${g.instance ? ` ${g.instance}` : ""}`,
    table(
      `${g.provider} ${g.gpu}`,
      [
        t("since"),
        "until",
        t("currency"),
        { text: "on-demand", num: true },
        { text: "spot", num: true },
        { text: "1y", num: true },
        { text: "3y", num: true },
        ...(block ? [{ text: t("capacity block"), num: true }] : []),
        t("source"),
      ],
      g.prices.map((e) => [
        e.from,
        e.until ?? "",
        e.currency ?? g.currency,
        price(e.on_demand),
        price(e.spot),
        price(e.reserved_1y),
        price(e.reserved_3y),
        ...(block ? [price(e.capacity_block)] : []),
        { text: e.source ?? g.source, html: sourceLink(e.source ?? g.source) },
      ]),
    ) + entryNotes(t, g.prices, g.notes),
  );
}

/**
 * The billing sections of `show` (fees, packs, plans, provisioned, fine-tuning, cache; docs/billing.md),
 * from the same blocks as the table and Markdown views (src/report/catalog-billing.ts): a section per
 * provider, a sub-section per entry with what it is and a table of its dated, sourced prices.
 */
function billingHtml(s: CatalogShow, opts: ReportOptions): string[] {
  const t = labels(opts.lang);
  const none = noBilling(s);
  const out = none ? [section(`${s.provider?.id} billing`, `<p>${h(none)}</p>`)] : [];
  for (const b of s.billing) {
    const blocks = billingBlocks(b, phrases(opts.lang)).map((k) =>
      section(
        k.heading,
        `<ul>${k.about.map((a) => `<li>${h(a)}</li>`).join("")}</ul>\n${table(
          k.heading,
          [t("since"), "until", t("currency"), t("price"), t("source")],
          k.lines.map((l) => [
            l.from,
            l.until ?? "",
            l.currency,
            l.text,
            { text: l.source, html: sourceLink(l.source) },
          ]),
        )}${notes(
          t("notes"),
          [...k.lines.flatMap((l) => (l.notes ? [`${l.from}: ${l.notes}`] : [])), ...(k.notes ? [k.notes] : [])],
          "notes",
          4,
        )}`,
        3,
      ),
    );
    out.push(section(`${b.provider} billing`, blocks.join("\n")));
  }
  return out;
}

export function renderCatalogDiffHtml(d: CatalogDiffReport, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const offerings = (title: string, list: CatalogDiffReport["added"]) =>
    list.length
      ? section(
          `${title} (${list.length})`,
          table(
            title,
            [t("provider"), t("kind"), t("offering"), t("currency"), t("since")],
            list.map((o) => [o.provider, o.kind, o.offering, o.currency, o.since]),
          ),
        )
      : "";
  const moves = d.moves.length
    ? section(
        `${t("Price moves")} (${d.moves.length})`,
        table(
          t("Price moves"),
          [
            t("provider"),
            t("offering"),
            t("field"),
            { text: t("before"), num: true },
            { text: t("after"), num: true },
            { text: t("change"), num: true },
            t("currency"),
            t("since"),
          ],
          moveRows(d).map((r) => [
            r.provider ?? "",
            r.offering ?? "",
            r.field ?? "",
            num(r.before ?? ""),
            num(r.after ?? ""),
            num(r.change ?? ""),
            r.currency ?? "",
            r.since ?? "",
          ]),
        ),
      )
    : "";
  const none = !d.added.length && !d.ended.length && !d.moves.length ? `<p>${h(t("No changes."))}</p>` : "";
  return page({
    lang: opts.lang,
    title: `${t("Catalog changes")}: ${d.from} → ${d.to}`,
    subtitle: `${t("catalog")} ${d.catalog.version}`,
    headline: `${d.added.length} new, ${d.ended.length} ended, ${d.moves.length} price move(s)`,
    body: [offerings(t("New offerings"), d.added), offerings(t("Ended offerings"), d.ended), moves, none].join("\n"),
  });
}

export function renderCatalogStatsHtml(v: StatsView, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const s = v.stats;
  const rows: CellInput[][] = statsRows(s, phrases(opts.lang)).map((r) => [r.k ?? "", r.v ?? ""]);
  const per = v.providers
    ? section(
        t("providers"),
        table(
          t("providers"),
          [
            t("provider"),
            { text: "API", num: true },
            { text: "GPU", num: true },
            { text: t("prices"), num: true },
            t("currency"),
            t("newest confirmation"),
            { text: t("confirmed in 90 days"), num: true },
          ],
          providerRows(s).map((r) => [
            r.provider ?? "",
            num(r.api ?? ""),
            num(r.gpu ?? ""),
            num(r.price_points ?? ""),
            r.currency ?? "",
            r.latest ?? "",
            num(r.fresh ?? ""),
          ]),
        ),
      )
    : "";
  return page({
    lang: opts.lang,
    title: `${t("Catalog coverage")}: ${s.catalog.name} ${s.catalog.version}`,
    subtitle: `as of ${s.as_of}`,
    body: table(t("Catalog coverage"), ["", `as of ${s.as_of}`], rows) + per,
  });
}

export function renderValidateHtml(r: ValidateReport, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const { summary } = validateSummary(r);
  const list = (title: string, items: string[]) =>
    items.length ? section(title, `<ul>${items.map((i) => `<li><pre>${h(i)}</pre></li>`).join("")}</ul>`) : "";
  return page({
    lang: opts.lang,
    title: t("Catalog check"),
    subtitle: summary,
    headline: r.ok ? "✓ ok" : "✗ invalid",
    body: [
      list(
        t("faults"),
        r.faults.map((d) => formatDiagnostic(d)),
      ),
      list(
        t("warnings"),
        r.warnings.map((w) => formatDiagnostic({ ...w, message: `${w.message} [${w.rule}]` })),
      ),
    ].join("\n"),
  });
}

export function renderUsageHtml(r: UsageReport, opts: ReportOptions): string {
  const t = labels(opts.lang);
  const cur = r.currency;
  const label = (g: UsageReport["groups"][number]) => r.by.map((k) => g.key[k] ?? "-").join(" · ") || t("total");
  const top = r.groups.slice(0, 25);
  const chart = top.length
    ? stackedBars({
        id: "usage",
        title: t("Cost by group"),
        desc: top.map((g) => `${label(g)} ${money(g.cost, cur)}`).join("; "),
        segments: [t("cost")],
        bars: top.map((g) => ({ label: label(g), values: [g.cost], note: money(g.cost, cur) })),
        format: (n) => money(n, cur),
      })
    : "";
  const rows: CellInput[][] = r.groups.map((g) => [
    label(g),
    num(quantity(g.rows)),
    num(quantity(g.requests)),
    // A group whose rows were all unpriced has no cost to show (not $0.00).
    num(
      g.rows_unpriced > 0 && g.rows_unpriced >= g.rows
        ? `— ${quantity(g.rows_unpriced)} ${t("unpriced")}`
        : money(g.cost, cur),
    ),
    num(g.provider_cost === null || g.provider_cost === undefined ? "—" : money(g.provider_cost, cur)),
    num(g.difference === null || g.difference === undefined ? "" : `${percent(g.difference)}${g.flagged ? " !" : ""}`),
  ]);
  return page({
    lang: opts.lang,
    title: `${t("Usage")}: ${r.inputs.map((i) => i.file).join(", ")}`,
    subtitle: `${cur}${r.period ? ` · ${r.period.from} … ${r.period.to}` : ""} · ${t("catalog")} ${r.catalog.version}`,
    headline: `${t("Total")}: ${money(r.total, cur)}${r.provider_cost === null ? "" : ` · ${t("provider cost")} ${money(r.provider_cost, cur)}`}`,
    body: [
      section(
        t("Cost by group"),
        chart +
          table(
            t("groups"),
            [
              r.by.join(" · ") || t("groups"),
              { text: t("rows"), num: true },
              { text: t("requests"), num: true },
              { text: t("cost"), num: true },
              { text: t("provider cost"), num: true },
              { text: t("difference"), num: true },
            ],
            rows,
          ),
      ),
      r.unpriced.length
        ? section(
            t("unpriced"),
            table(
              t("unpriced"),
              [t("model"), t("provider"), "reason", { text: t("rows"), num: true }],
              r.unpriced.map((u) => [u.model, u.provider ?? "", u.reason, num(quantity(u.rows))]),
            ),
          )
        : "",
      notes(t("warnings"), r.warnings, "warnings"),
    ].join("\n"),
  });
}
