import { htmlText } from "../../escape.js";
import type { Lang } from "../lang.js";
import { type Labels, labels } from "./labels.js";

/**
 * The HTML page every `--format html` report is: one self-contained file (inline CSS and SVG, no
 * script, no font, nothing fetched), readable on a phone (tables scroll inside their own box; the
 * page never scrolls sideways), printable (explanations open, links spelled out), accessible (real
 * table markup, text alternatives for charts, WCAG AA contrast, nothing told by colour alone).
 */

/** Escape text for HTML element content or a quoted attribute. */
export const h = (s: string | number): string => htmlText(String(s));

/** A source as text with every web address in it a link (a source may name several, with notes). */
export function sourceLink(source: string): string {
  const out: string[] = [];
  let at = 0;
  for (const m of source.matchAll(/https?:\/\/[^\s"'<>]+/gi)) {
    const url = m[0].replace(/[).,;]+$/, "");
    out.push(h(source.slice(at, m.index)), `<a href="${h(url)}" rel="noreferrer">${h(shortUrl(url))}</a>`);
    at = (m.index ?? 0) + url.length;
  }
  out.push(h(source.slice(at)));
  return out.join("");
}

function shortUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//i, "").replace(/\/$/, "");
  return bare.length > 60 ? `${bare.slice(0, 57)}…` : bare;
}

export interface Cell {
  text: string;
  /** Already-escaped HTML instead of text. */
  html?: string;
  num?: boolean;
  /** A row header cell (`<th scope="row">`). */
  head?: boolean;
  cls?: string;
}

export type CellInput = string | Cell;

const cell = (c: CellInput): Cell => (typeof c === "string" ? { text: c } : c);

/**
 * A data table: caption, column headers, row headers in the first column. Inside a scroll box that
 * can be focused with the keyboard, so a wide table scrolls on a phone instead of the page.
 */
export function table(
  caption: string,
  columns: CellInput[],
  rows: CellInput[][],
  opts: { firstIsHead?: boolean } = {},
): string {
  const firstIsHead = opts.firstIsHead ?? true;
  const head = columns
    .map((c) => {
      const x = cell(c);
      return `<th scope="col"${x.num ? ' class="num"' : ""}>${x.html ?? h(x.text)}</th>`;
    })
    .join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const x = cell(c);
            const tag = (x.head ?? (firstIsHead && i === 0)) ? "th" : "td";
            const cls = [x.num ? "num" : "", x.cls ?? ""].filter(Boolean).join(" ");
            return `<${tag}${tag === "th" ? ' scope="row"' : ""}${cls ? ` class="${cls}"` : ""}>${x.html ?? h(x.text)}</${tag}>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return `<div class="wrap" role="region" aria-label="${h(caption)}" tabindex="0"><table>
<caption>${h(caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

export const num = (text: string): Cell => ({ text, num: true });

/** A list of notes or warnings (nothing when empty). */
export function notes(title: string, list: readonly string[], cls = "notes", level: 3 | 4 = 3): string {
  if (!list.length) return "";
  return `<section class="${cls}" aria-label="${h(title)}"><h${level}>${h(title)}</h${level}><ul>${list.map((n) => `<li>${h(n)}</li>`).join("")}</ul></section>`;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** One line under the title: currency, period, dates, catalog. */
  subtitle: string;
  /** The summary figure, large (optional). */
  headline?: string;
  body: string;
}

export function page(o: PageOptions): string {
  const t = labels(o.lang);
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="llmcost">
<title>${h(o.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${h(o.title)}</h1>
<p class="sub">${h(o.subtitle)}</p>
${o.headline ? `<p class="headline">${h(o.headline)}</p>` : ""}
</header>
<main>
${o.body}
</main>
<footer><p>${h(t("Made by llmcost from a dated, sourced price catalog."))}</p></footer>
</body>
</html>
`;
}

export function section(title: string, body: string, level: 2 | 3 = 2): string {
  return `<section><h${level}>${h(title)}</h${level}>\n${body}\n</section>`;
}

export type { Labels };
export { labels };

/**
 * Colours: text #1b1b1b on white (contrast 17:1); links #0b57d0 (6.4:1), always underlined; the
 * chart palette has at least 3:1 against white, and every series or component also differs by
 * pattern, dash or marker shape (WCAG 1.4.1, 1.4.11).
 */
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#fff}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid #c4c7c5;padding-bottom:.25rem;overflow-wrap:anywhere}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem;overflow-wrap:anywhere}
.sub{color:#444746;margin:0}
p,li,summary,figcaption,dd,pre{overflow-wrap:anywhere}
pre{white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;margin:.25rem 0}
td,th{overflow-wrap:break-word}
.headline{font-size:1.4rem;font-weight:600;margin:.5rem 0}
a{color:#0b57d0;text-decoration:underline;overflow-wrap:anywhere}
.wrap{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}
.wrap:focus{outline:2px solid #0b57d0;outline-offset:2px}
table{border-collapse:collapse;min-width:50%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0;color:#1b1b1b}
th,td{padding:.3rem .6rem;border-bottom:1px solid #dadce0;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #444746;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
tbody th{font-weight:600}
tr.selected th,tr.selected td{background:#e8f0fe}
.exceeded{color:#b3261e;font-weight:700}
.ok{color:#146c2e;font-weight:700}
.unknown{color:#8a5300;font-weight:700}
details{margin:.5rem 0;border:1px solid #dadce0;border-radius:.4rem;padding:.25rem .75rem}
summary{cursor:pointer;font-weight:600;padding:.25rem 0}
.notes ul,.warnings ul{margin:.25rem 0;padding-left:1.25rem}
.warnings{border-left:4px solid #8a5300;padding-left:.75rem}
figure{margin:1rem 0}
figure>svg{width:100%;height:auto;max-width:100%;display:block}
figcaption{font-size:.95rem;color:#444746}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.25rem 0;font-size:.95rem}
.legend svg{width:1.2rem;height:1rem;vertical-align:middle;margin-right:.3rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
footer{color:#444746;font-size:.9rem;padding-bottom:2rem;margin-top:2rem;border-top:1px solid #c4c7c5}
@media (max-width:40rem){body{font-size:15px}h1{font-size:1.35rem}th,td{padding:.25rem .4rem}}
@media print{
 body{font-size:11pt}
 header,main,footer{max-width:none}
 .wrap{overflow:visible}
 details{border:none;padding:0}
 details::details-content{content-visibility:visible;display:block}
 details:not([open])>*:not(summary){display:block}
 a[href]::after{content:" (" attr(href) ")";font-size:.85em;color:#444746}
 h2,h3{break-after:avoid}
 tr,figure{break-inside:avoid}
}
`;
