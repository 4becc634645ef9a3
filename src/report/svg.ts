import { htmlText } from "../escape.js";
import { type ChartData, type ChartEvent, chartValues, dateTicks, dayOf, valueAt, yScale } from "./chart.js";
import { money } from "./format.js";

/**
 * A standalone SVG chart (`--format svg`): title, y axis in the report currency with grid lines,
 * dated x axis, one coloured step line per series and a legend. No scripts, no external fonts or
 * styles, so any browser or image viewer shows it the same way. Byte-stable for the same data.
 */

export interface SvgOptions {
  log: boolean;
  width?: number;
  height?: number;
}

/** Colour-blind-safe palette (Okabe–Ito), then a few more. */
const COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#000000",
  "#F0E442",
  "#8C564B",
  "#7F7F7F",
  "#BCBD22",
  "#17BECF",
];

/** Text and attribute values: the HTML channel's function (src/escape.ts), quotes of both kinds included. */
const esc = htmlText;

const r1 = (n: number) => Number(n.toFixed(1)).toString();

/** Where things go: the plot's box, its scales, and the rows under it (legend, event list). */
interface Frame {
  W: number;
  H: number;
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  /** First day of the window and its length in days. */
  a: number;
  span: number;
  x: (day: number) => number;
  y: (value: number) => number;
  scale: ReturnType<typeof yScale>;
  /** The y-axis labels, one per tick. */
  labels: string[];
  eventsTop: number;
  /** The event list, wrapped to the picture's width. */
  listed: string[];
}

function frameOf(data: ChartData, opts: SvgOptions, values: number[]): Frame {
  const W = opts.width ?? 900;
  const legendRows = Math.ceil(data.series.length / 2);
  const plotH = (opts.height ?? 480) - 110;
  const eventsTop = plotH + 110 + legendRows * 20;
  // About 6.6 px per character at 12 px: the list wraps so that no line leaves the picture.
  const listed = (data.events ?? []).flatMap((e) =>
    wrapWords(`${e.mark}  ${e.date}  ${e.text}`, Math.floor((W - 100) / 6.6)).map((line, i) =>
      i ? `      ${line}` : line,
    ),
  );
  const H = eventsTop + (listed.length ? 14 + listed.length * 18 : 0);
  const scale = yScale(values.length ? values : [1], opts.log);
  const labels = scale.ticks.map((t) => money(t, data.currency));
  const left = 20 + Math.max(...labels.map((l) => l.length)) * 7.2;
  const right = 24;
  const top = 56;
  const plotW = W - left - right;
  const a = dayOf(data.start);
  const span = Math.max(1, dayOf(data.end) - a);
  const x = (day: number) => left + ((day - a) / span) * plotW;
  const y = (v: number) => top + plotH - Math.min(1, Math.max(0, scale.at(v))) * plotH;
  return { W, H, left, top, plotW, plotH, a, span, x, y, scale, labels, eventsTop, listed };
}

export function svgChart(data: ChartData, opts: SvgOptions): string {
  const values = chartValues(data);
  const f = frameOf(data, opts, values);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.W}" height="${f.H}" viewBox="0 0 ${f.W} ${f.H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(data.title)}</title>`,
    `<rect x="0" y="0" width="${f.W}" height="${f.H}" fill="#ffffff"/>`,
    `<text x="${r1(f.left)}" y="22" font-size="16" font-weight="bold" fill="#222">${esc(data.title)}</text>`,
    `<text x="${r1(f.left)}" y="42" fill="#555">${esc(`${data.yLabel}${f.scale.log ? " (log scale)" : ""}`)}</text>`,
    ...axes(data, f),
    ...seriesMarks(data, f),
    ...legend(data, f),
  ];
  if (f.scale.log && values.some((v) => v <= 0))
    out.push(
      `<text x="${r1(f.left)}" y="${r1(f.top + f.plotH + 38)}" fill="#555">free (zero) prices are drawn on the bottom axis of the log scale</text>`,
    );
  out.push(...eventMarks(data.events ?? [], f), "</svg>");
  return `${out.join("\n")}\n`;
}

/** The y grid with its labels, the dated x ticks, the axes and the x axis' caption. */
function axes(data: ChartData, f: Frame): string[] {
  const { left, top, plotW, plotH } = f;
  const out: string[] = [];
  f.scale.ticks.forEach((t, i) => {
    const yy = r1(f.y(t));
    out.push(`<line x1="${r1(left)}" y1="${yy}" x2="${r1(left + plotW)}" y2="${yy}" stroke="#e3e3e3"/>`);
    out.push(
      `<text x="${r1(left - 6)}" y="${yy}" dy="4" text-anchor="end" fill="#333">${esc(f.labels[i] as string)}</text>`,
    );
  });
  for (const d of dateTicks(data.start, data.end, Math.floor(plotW / 80))) {
    const xx = r1(f.x(dayOf(d)));
    out.push(`<line x1="${xx}" y1="${top}" x2="${xx}" y2="${r1(top + plotH)}" stroke="#f0f0f0"/>`);
    out.push(`<line x1="${xx}" y1="${r1(top + plotH)}" x2="${xx}" y2="${r1(top + plotH + 5)}" stroke="#333"/>`);
    out.push(`<text x="${xx}" y="${r1(top + plotH + 19)}" text-anchor="middle" fill="#333">${d.slice(0, 7)}</text>`);
  }
  out.push(
    `<path d="M${r1(left)} ${top}V${r1(top + plotH)}H${r1(left + plotW)}" fill="none" stroke="#333" stroke-width="1"/>`,
  );
  out.push(
    `<text x="${r1(left + plotW)}" y="${r1(top + plotH + 38)}" text-anchor="end" fill="#555">${esc(`date (${data.start} to ${data.end})`)}</text>`,
  );
  return out;
}

/** Each series as a step path and a dot per point, last to first so the first stays on top. */
function seriesMarks(data: ChartData, f: Frame): string[] {
  const out: string[] = [];
  const { a, span, x, y } = f;
  [...data.series].reverse().forEach((s, ri) => {
    const si = data.series.length - 1 - ri;
    const colour = COLOURS[si % COLOURS.length] as string;
    const dash = si >= COLOURS.length ? ' stroke-dasharray="6 3"' : "";
    const d = stepPath(s, f);
    if (d) out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    for (const p of s.points) {
      const t = dayOf(p.date);
      if (p.value === null || t < a || t > a + span) continue;
      out.push(`<circle cx="${r1(x(t))}" cy="${r1(y(p.value))}" r="2.5" fill="${colour}"/>`);
    }
  });
  return out;
}

/** The path of one step series across the window; a withdrawn offering's line stops where it ended. */
function stepPath(s: ChartData["series"][number], f: Frame): string {
  const { a, span, x, y } = f;
  let d = "";
  let prev: number | null | undefined;
  const days = s.points.map((p) => dayOf(p.date)).filter((t) => t >= a && t <= a + span);
  const stops = [...new Set([a, ...days, a + span])].sort((p, q) => p - q);
  for (const t of stops) {
    const v = valueAt(s, t);
    if (v === undefined || v === null) {
      // Withdrawn: the line runs to the day it ended, then stops.
      if (prev !== undefined && prev !== null) d += `H${r1(x(t))}`;
      prev = v;
      continue;
    }
    d += prev === undefined || prev === null ? `M${r1(x(t))} ${r1(y(v))}` : `H${r1(x(t))}V${r1(y(v))}`;
    prev = v;
  }
  if (prev !== undefined && prev !== null) d += `H${r1(x(a + span))}`;
  return d;
}

/** The legend, two columns under the axis. */
function legend(data: ChartData, f: Frame): string[] {
  const out: string[] = [];
  const ly = f.top + f.plotH + 56;
  data.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const lx = f.left + (i % 2) * (f.plotW / 2);
    const yy = ly + Math.floor(i / 2) * 20;
    out.push(`<line x1="${r1(lx)}" y1="${yy}" x2="${r1(lx + 22)}" y2="${yy}" stroke="${colour}" stroke-width="3"/>`);
    out.push(`<text x="${r1(lx + 28)}" y="${yy}" dy="4" fill="#222">${esc(s.label)}</text>`);
  });
  return out;
}

/**
 * Events: a dashed grey line at each date, its mark at the top of the plot (marks too close to the
 * one before step down a row, so none hides another), then the list under the legend.
 */
function eventMarks(events: readonly ChartEvent[], f: Frame): string[] {
  const out: string[] = [];
  const { a, span, top, plotH } = f;
  let lastX = Number.NEGATIVE_INFINITY;
  let row = 0;
  const drawn = new Set<string>();
  for (const e of events) {
    const t = dayOf(e.date);
    if (drawn.has(e.date) || t < a || t > a + span) continue;
    drawn.add(e.date);
    const xv = f.x(t);
    row = xv - lastX < 12 ? (row + 1) % 4 : 0;
    lastX = xv;
    const xx = r1(xv);
    out.push(`<line x1="${xx}" y1="${top}" x2="${xx}" y2="${r1(top + plotH)}" stroke="#888" stroke-dasharray="3 3"/>`);
    out.push(
      `<text x="${xx}" y="${r1(top - 3 + row * 11)}" text-anchor="middle" font-size="11" fill="#555">${esc(e.mark)}</text>`,
    );
  }
  f.listed.forEach((line, i) => {
    out.push(`<text x="${r1(f.left)}" y="${f.eventsTop + 8 + i * 18}" fill="#333">${esc(line)}</text>`);
  });
  return out;
}

/** Words of `text` in lines of at most `width` characters (a longer word stays whole). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
