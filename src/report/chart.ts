import { Chalk } from "chalk";
import { money, padCells } from "./format.js";
import { type Phrases, phrases } from "./labels.js";

/**
 * Charts of step series: the ASCII line chart for terminals (here) and the SVG file (svg.ts) share
 * the data shape and the scales. A value holds from its date until the next point; a null value
 * ends the line (an offering withdrawn) until a later point restarts it.
 */

export interface ChartPoint {
  date: string;
  value: number | null;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

/**
 * A dated annotation: `mark` (a short label, e.g. "3") at `date` on the time axis, `text` in the
 * list. Events of one day share a mark; the axis shows it once.
 */
export interface ChartEvent {
  date: string;
  mark: string;
  text: string;
}

export interface ChartData {
  title: string;
  /** What the y axis measures, e.g. "USD per 1M tokens (blended 3:1)". */
  yLabel: string;
  currency: string;
  start: string;
  end: string;
  series: ChartSeries[];
  /** Events to mark on the time axis, oldest first. */
  events?: ChartEvent[];
}

export interface ChartOptions {
  width: number;
  height: number;
  log: boolean;
  /** Colour the markers (decided by the CLI: TTY, NO_COLOR, FORCE_COLOR). */
  color?: boolean;
  /** The words of the chart (src/report/labels.ts); English by default. */
  t?: Phrases;
}

const EN = phrases("en");

const PAINT = ["blue", "red", "green", "magenta", "yellow", "cyan"] as const;

export const MARKERS = ["*", "o", "+", "x", "#", "@", "%", "&", "=", "~", "$", "^"];

const DAY_MS = 86_400_000;
export function dayOf(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function isoOf(day: number): string {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

/** The value in force on `day`: the last point on or before it (undefined before the first). */
export function valueAt(s: ChartSeries, day: number): number | null | undefined {
  let v: number | null | undefined;
  for (const p of s.points) {
    if (dayOf(p.date) > day) break;
    v = p.value;
  }
  return v;
}

export interface Scale {
  min: number;
  max: number;
  log: boolean;
  /** 0 at min, 1 at max. */
  at: (v: number) => number;
  ticks: number[];
}

/**
 * The y scale. Linear runs from 0 (prices are compared with nothing) to a round maximum; log runs
 * between powers of ten around the positive values, with 1-2-5 ticks. Zero on a log scale is drawn
 * at the bottom (the caller says so in a note).
 */
export function yScale(values: readonly number[], log: boolean): Scale {
  const pos = values.filter((v) => v > 0);
  if (log && pos.length > 0) {
    const lo = 10 ** Math.floor(Math.log10(Math.min(...pos)));
    let hi = 10 ** Math.ceil(Math.log10(Math.max(...pos)));
    if (hi <= lo) hi = lo * 10;
    const ticks: number[] = [];
    const decades = Math.log10(hi / lo);
    for (let d = lo; d <= hi * 1.0001; d *= 10)
      for (const m of decades > 3 ? [1] : [1, 2, 5]) if (d * m <= hi * 1.0001) ticks.push(d * m);
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return { min: lo, max: hi, log: true, ticks, at: (v) => (v <= 0 ? 0 : (Math.log10(v) - a) / (b - a)) };
  }
  const top = Math.max(0, ...values);
  const step = niceStep(top > 0 ? top / 4 : 1);
  const max = Math.max(step, Math.ceil(top / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 1e6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { min: 0, max, log: false, ticks, at: (v) => v / max };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/** Dates for x-axis labels: the first day of every k-th month, k chosen so about `count` fit. */
export function dateTicks(start: string, end: string, count: number): string[] {
  const a = dayOf(start);
  const b = dayOf(end);
  const months = Math.max(1, (b - a) / 30.44);
  const k = [1, 2, 3, 6, 12, 24, 60].find((m) => months / m <= Math.max(1, count)) ?? 120;
  const [y0, m0] = start.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const total = y0 * 12 + (m0 - 1) + i;
    const y = Math.floor(total / 12);
    const m = total - y * 12;
    if (m % k !== 0) continue;
    const d = `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
    if (dayOf(d) > b) break;
    if (dayOf(d) >= a) out.push(d);
  }
  return out;
}

/** Every value drawn, for the scale. */
export function chartValues(data: ChartData): number[] {
  const out: number[] = [];
  for (const s of data.series) for (const p of s.points) if (p.value !== null) out.push(p.value);
  return out;
}

/**
 * The terminal chart: y labels in the report currency, one marker per series, steps drawn as
 * vertical runs, dates under the x axis, then the legend.
 */
export function asciiChart(data: ChartData, opts: ChartOptions): string {
  const t = opts.t ?? EN;
  const values = chartValues(data);
  if (values.length === 0) return `${t("(no prices to chart in this window)")}\n`;
  const scale = yScale(values, opts.log);
  const H = Math.max(5, opts.height);
  const labels = scale.ticks.map((t) => money(t, data.currency));
  const lw = Math.max(...labels.map((l) => l.length));
  const W = Math.max(20, opts.width - lw - 2);
  const grid: string[][] = Array.from({ length: H }, () => Array.from({ length: W }, () => " "));
  const rowOf = (v: number) => H - 1 - Math.round(Math.min(1, Math.max(0, scale.at(v))) * (H - 1));
  const a = dayOf(data.start);
  const span = Math.max(1, dayOf(data.end) - a);
  const shown = data.series.slice(0, MARKERS.length);
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const paint = (i: number) => chalk[PAINT[i % PAINT.length] as (typeof PAINT)[number]](MARKERS[i] as string);
  // Drawn last to first, so the first series (the one named first, or the total) stays on top.
  for (let si = shown.length - 1; si >= 0; si--) {
    const s = shown[si] as ChartSeries;
    const mark = paint(si);
    let prevRow: number | undefined;
    for (let c = 0; c < W; c++) {
      const v = valueAt(s, a + (c * span) / (W - 1));
      if (v === undefined || v === null) {
        prevRow = undefined;
        continue;
      }
      const r = rowOf(v);
      const row = grid[r] as string[];
      row[c] = mark;
      if (prevRow !== undefined && prevRow !== r)
        for (let k = Math.min(prevRow, r); k <= Math.max(prevRow, r); k++) (grid[k] as string[])[c] = mark;
      prevRow = r;
    }
  }
  const tickRows = new Map<number, string>();
  scale.ticks.forEach((t, i) => {
    const r = rowOf(t);
    if (!tickRows.has(r)) tickRows.set(r, labels[i] as string);
  });
  const out: string[] = [`${data.title}`, `${data.yLabel}${scale.log ? t(", log scale") : ""}`];
  for (let r = 0; r < H; r++) {
    const label = tickRows.get(r);
    out.push(`${(label ?? "").padStart(lw)} ${label ? "┤" : "│"}${(grid[r] as string[]).join("").trimEnd()}`);
  }
  // x axis: tick marks and date labels that do not overlap.
  const axis = Array.from({ length: W }, () => "─");
  const under = Array.from({ length: W + 12 }, () => " ");
  let free = 0;
  const ticks = dateTicks(data.start, data.end, Math.floor(W / 10));
  const placed = [data.start, ...ticks.filter((t) => t !== data.start), data.end];
  placed.forEach((d, i) => {
    const c = Math.round(((dayOf(d) - a) / span) * (W - 1));
    const text = i === 0 || i === placed.length - 1 ? d : d.slice(0, 7);
    const at = i === placed.length - 1 ? Math.max(free, c - text.length + 1) : c;
    if (at < free || (i < placed.length - 1 && at + text.length > W - 11)) return;
    axis[c] = "┬";
    for (let k = 0; k < text.length; k++) under[at + k] = text[k] as string;
    free = at + text.length + 2;
  });
  out.push(`${" ".repeat(lw)} └${axis.join("")}`);
  out.push(`${" ".repeat(lw)}  ${under.join("").trimEnd()}`);
  if (data.events?.length)
    out.push(`${padCells(t("events"), lw, true)}  ${eventRow(data.events, a, span, W).trimEnd()}`);
  shown.forEach((s, i) => {
    out.push(`  ${paint(i)} ${s.label}`);
  });
  if (data.series.length > shown.length)
    out.push(
      t("  … {n} more series not drawn (at most {max} on one chart)", {
        n: data.series.length - shown.length,
        max: MARKERS.length,
      }),
    );
  if (scale.log && values.some((v) => v <= 0))
    out.push(t("  free (zero) prices are drawn on the bottom row of the log scale"));
  return `${out.join("\n")}\n`;
}

/**
 * The row of event marks under the dates: each mark at its date's column, "▲" before it; a mark
 * that would overlap the one before is moved right (its date is in the caller's list).
 */
function eventRow(events: readonly ChartEvent[], a: number, span: number, W: number): string {
  const row = Array.from({ length: W + 12 }, () => " ");
  let free = 0;
  let last = "";
  for (const e of events) {
    if (e.mark === last) continue;
    last = e.mark;
    const c = Math.round(((dayOf(e.date) - a) / span) * (W - 1));
    const text = `▲${e.mark}`;
    const at = Math.max(c, free);
    if (at + text.length > row.length) break;
    for (let k = 0; k < text.length; k++) row[at + k] = text[k] as string;
    free = at + text.length + 1;
  }
  return row.join("");
}

export { isoOf };
