import { h } from "./page.js";

/**
 * Inline SVG charts of the HTML reports. Each is a `<figure>` with a `role="img"` SVG named by its
 * `<title>` and described by its `<desc>` (a sentence with the figures that matter), a legend in
 * text, and the full figures in the table next to it. Series and components differ by colour AND by
 * hatch pattern, dash or marker shape, so nothing depends on telling colours apart. Drawing only:
 * every number comes from the report's data.
 */

/** Palette with at least 3:1 contrast against white. */
const COLORS = ["#0b57d0", "#b3261e", "#146c2e", "#8a5300", "#6a3ea1", "#00696d", "#5f6368", "#a8005c"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 2"];
const SHAPES = ["circle", "square", "triangle", "diamond"] as const;

export const color = (i: number): string => COLORS[i % COLORS.length] as string;

/** Hatch patterns: solid, diagonal, dots, cross-hatch, horizontal, vertical; coloured per index. */
function patternDefs(id: string, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = color(i);
    const kind = i % 6;
    const marks =
      kind === 0
        ? ""
        : kind === 1
          ? `<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>`
          : kind === 2
            ? `<circle cx="3" cy="3" r="1.2" fill="#fff"/>`
            : kind === 3
              ? `<path d="M0,0 L6,6 M6,0 L0,6" stroke="#fff" stroke-width="1"/>`
              : kind === 4
                ? `<path d="M0,3 H6" stroke="#fff" stroke-width="1.5"/>`
                : `<path d="M3,0 V6" stroke="#fff" stroke-width="1.5"/>`;
    out.push(
      `<pattern id="${id}-p${i}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${c}"/>${marks}</pattern>`,
    );
  }
  return out.join("");
}

function legend(id: string, names: readonly string[], kind: "fill" | "line"): string {
  return `<ul class="legend">${names
    .map(
      (n, i) =>
        `<li><svg viewBox="0 0 20 12" aria-hidden="true" focusable="false">${
          kind === "fill"
            ? `<defs>${patternDefs(`${id}-l${i}`, i + 1)}</defs><rect x="1" y="1" width="18" height="10" fill="url(#${id}-l${i}-p${i})" stroke="#1b1b1b" stroke-width=".5"/>`
            : `<line x1="1" y1="6" x2="19" y2="6" stroke="${color(i)}" stroke-width="2.5" stroke-dasharray="${DASHES[i % DASHES.length]}"/>${marker(SHAPES[i % SHAPES.length] as (typeof SHAPES)[number], 10, 6, color(i), 3)}`
        }</svg>${h(n)}</li>`,
    )
    .join("")}</ul>`;
}

function marker(shape: (typeof SHAPES)[number], x: number, y: number, c: string, r = 3.5): string {
  const f = (n: number) => n.toFixed(1);
  if (shape === "circle") return `<circle cx="${f(x)}" cy="${f(y)}" r="${r}" fill="${c}"/>`;
  if (shape === "square")
    return `<rect x="${f(x - r)}" y="${f(y - r)}" width="${2 * r}" height="${2 * r}" fill="${c}"/>`;
  if (shape === "triangle")
    return `<path d="M${f(x)},${f(y - r - 0.5)} L${f(x + r + 0.5)},${f(y + r)} L${f(x - r - 0.5)},${f(y + r)} Z" fill="${c}"/>`;
  return `<path d="M${f(x)},${f(y - r - 1)} L${f(x + r + 1)},${f(y)} L${f(x)},${f(y + r + 1)} L${f(x - r - 1)},${f(y)} Z" fill="${c}"/>`;
}

function figure(id: string, title: string, desc: string, svgBody: string, w: number, ht: number, after = ""): string {
  return `<figure>
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${w} ${ht}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif" font-size="12">
<title id="${id}-t">${h(title)}</title>
<desc id="${id}-d">${h(desc)}</desc>
${svgBody}
</svg>
<figcaption>${h(desc)}</figcaption>
${after}
</figure>`;
}

function clip(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s;
}

/** Round tick steps: 1, 2, 2.5, 5 × 10^k. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export interface StackedBar {
  label: string;
  /** One value per segment name (same order as `segments`), 0 when absent. */
  values: number[];
  /** Text after the bar (the total, formatted). */
  note: string;
  /** Drawn bold with a marker: the selected option. */
  strong?: boolean;
}

/**
 * Horizontal bars, each split into segments (components), with a hatch pattern per segment and a
 * text legend. `format` writes a value for the axis and the descriptions.
 */
export function stackedBars(o: {
  id: string;
  title: string;
  desc: string;
  segments: readonly string[];
  bars: readonly StackedBar[];
  format: (n: number) => string;
}): string {
  const W = 720;
  const labelW = 210;
  const noteW = 110;
  const rowH = 26;
  const top = 8;
  const plotW = W - labelW - noteW - 10;
  const totals = o.bars.map((b) => b.values.reduce((a, v) => a + Math.max(0, v), 0));
  const max = Math.max(...totals, 0);
  const step = max > 0 ? niceStep(max, 4) : 1;
  const axisMax = max > 0 ? Math.ceil(max / step) * step : 1;
  const x = (v: number) => labelW + (v / axisMax) * plotW;
  const H = top + o.bars.length * rowH + 28;
  const parts: string[] = [`<defs>${patternDefs(o.id, o.segments.length)}</defs>`];
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    const xx = x(t);
    parts.push(
      `<line x1="${xx.toFixed(1)}" y1="${top}" x2="${xx.toFixed(1)}" y2="${top + o.bars.length * rowH}" stroke="#dadce0"/>`,
      `<text x="${xx.toFixed(1)}" y="${top + o.bars.length * rowH + 16}" text-anchor="middle" fill="#444746">${h(o.format(t))}</text>`,
    );
  }
  o.bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="${labelW - 6}" y="${y + rowH / 2 + 4}" text-anchor="end" fill="#1b1b1b"${b.strong ? ' font-weight="700"' : ""}>${h(clip(`${b.strong ? "▶ " : ""}${b.label}`, 32))}<title>${h(b.label)}</title></text>`,
    );
    let acc = 0;
    b.values.forEach((v, k) => {
      if (!(v > 0)) return;
      const x0 = x(acc);
      acc += v;
      const w = Math.max(0.5, x(acc) - x0);
      parts.push(
        `<rect class="mark" x="${x0.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="url(#${o.id}-p${k})" stroke="#fff" stroke-width=".5"><title>${h(`${b.label}: ${o.segments[k]} ${o.format(v)}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(x(acc) + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" fill="#1b1b1b"${b.strong ? ' font-weight="700"' : ""}>${h(b.note)}</text>`,
    );
  });
  return figure(
    o.id,
    o.title,
    o.desc,
    parts.join("\n"),
    W,
    H,
    o.segments.length > 1 ? legend(o.id, o.segments, "fill") : "",
  );
}

export interface LinePoint {
  date: string;
  value: number | null;
}

export interface LineSeries {
  label: string;
  points: readonly LinePoint[];
  /** Dashed projection from the last point, with a band (low..high) at its end. */
  forecast?: { date: string; value: number; low?: number | undefined; high?: number | undefined };
}

export interface ChartEventMark {
  date: string;
  /** Number shown on the chart; the list under it says what happened. */
  n: number;
  title: string;
}

const day = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 864e5;

/**
 * Step lines over time (a price holds until the next one), a marker at every step, events as
 * numbered vertical rules, a dashed forecast with its band. `log` draws a log scale.
 */
export function lineChart(o: {
  id: string;
  title: string;
  desc: string;
  yLabel: string;
  start: string;
  end: string;
  series: readonly LineSeries[];
  events?: readonly ChartEventMark[];
  log: boolean;
  format: (n: number) => string;
}): string {
  const W = 720;
  const H = 360;
  const left = 72;
  const right = 16;
  const top = 28;
  const bottom = 40;
  const values: number[] = [];
  let end = o.end;
  for (const s of o.series) {
    for (const p of s.points) if (p.value !== null) values.push(p.value);
    if (s.forecast) {
      values.push(s.forecast.value, ...(s.forecast.high !== undefined ? [s.forecast.high] : []));
      if (s.forecast.low !== undefined) values.push(s.forecast.low);
      if (s.forecast.date > end) end = s.forecast.date;
    }
  }
  const positive = values.filter((v) => v > 0);
  const log = o.log && positive.length > 0;
  const maxV = Math.max(...values, 0);
  let yOf: (v: number) => number;
  const ticks: number[] = [];
  if (log) {
    const lo = Math.floor(Math.log10(Math.min(...positive)));
    const hi = Math.ceil(Math.log10(Math.max(...positive)));
    const span = Math.max(1, hi - lo);
    yOf = (v) => top + (H - top - bottom) * (1 - (Math.log10(Math.max(v, 10 ** lo)) - lo) / span);
    for (let e = lo; e <= lo + span; e++) ticks.push(10 ** e);
  } else {
    const step = maxV > 0 ? niceStep(maxV, 4) : 1;
    const axisMax = maxV > 0 ? Math.ceil(maxV / step) * step : 1;
    yOf = (v) => top + (H - top - bottom) * (1 - v / axisMax);
    for (let t = 0; t <= axisMax + 1e-9; t += step) ticks.push(t);
  }
  const d0 = day(o.start);
  const d1 = Math.max(day(end), d0 + 1);
  const xOf = (iso: string) => left + ((day(iso) - d0) / (d1 - d0)) * (W - left - right);
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  for (const t of ticks) {
    const y = yOf(t);
    parts.push(
      `<line x1="${left}" y1="${f(y)}" x2="${W - right}" y2="${f(y)}" stroke="#dadce0"/>`,
      `<text x="${left - 6}" y="${f(y + 4)}" text-anchor="end" fill="#444746">${h(o.format(t))}</text>`,
    );
  }
  const y0 = Number(o.start.slice(0, 4));
  const y1 = Number(end.slice(0, 4));
  const every = Math.max(1, Math.ceil((y1 - y0 + 1) / 8));
  for (let y = y0; y <= y1; y += every) {
    const iso = `${y}-01-01`;
    if (iso < o.start) continue;
    const x = xOf(iso);
    parts.push(
      `<line x1="${f(x)}" y1="${top}" x2="${f(x)}" y2="${H - bottom}" stroke="#eceff1"/>`,
      `<text x="${f(x)}" y="${H - bottom + 16}" text-anchor="middle" fill="#444746">${y}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#444746"/>`,
    `<text x="${left}" y="${top - 12}" fill="#444746">${h(o.yLabel)}</text>`,
  );
  for (const e of o.events ?? []) {
    const x = xOf(e.date);
    parts.push(
      `<g><line x1="${f(x)}" y1="${top}" x2="${f(x)}" y2="${H - bottom}" stroke="#5f6368" stroke-dasharray="2 3"/><text x="${f(x + 2)}" y="${top + 10}" fill="#1b1b1b" font-size="11">${e.n}</text><title>${h(`${e.date} ${e.title}`)}</title></g>`,
    );
  }
  o.series.forEach((s, i) => {
    const c = color(i);
    const shape = SHAPES[i % SHAPES.length] as (typeof SHAPES)[number];
    const dash = DASHES[i % DASHES.length];
    // Runs of priced points: a null breaks the line.
    let path = "";
    let prev: { x: number; y: number } | undefined;
    const marks: string[] = [];
    s.points.forEach((p, k) => {
      if (p.value === null) {
        prev = undefined;
        return;
      }
      const x = xOf(p.date);
      const y = yOf(p.value);
      path += prev ? ` H${f(x)} V${f(y)}` : ` M${f(x)},${f(y)}`;
      prev = { x, y };
      const before = s.points[k - 1];
      if (!before || before.value !== p.value)
        marks.push(
          `<g class="mark">${marker(shape, x, y, c)}<title>${h(`${s.label}: ${p.date} ${o.format(p.value)}`)}</title></g>`,
        );
    });
    if (path)
      parts.push(
        `<path d="${path.trim()}" fill="none" stroke="${c}" stroke-width="2.5" stroke-dasharray="${dash}"><title>${h(s.label)}</title></path>`,
      );
    parts.push(...marks);
    const fc = s.forecast;
    const lastPriced = [...s.points].reverse().find((p) => p.value !== null);
    if (fc && lastPriced && lastPriced.value !== null) {
      const xa = xOf(lastPriced.date);
      const ya = yOf(lastPriced.value);
      const xb = xOf(fc.date);
      if (fc.low !== undefined && fc.high !== undefined)
        parts.push(
          `<path class="mark band" d="M${f(xa)},${f(ya)} L${f(xb)},${f(yOf(fc.high))} L${f(xb)},${f(yOf(fc.low))} Z" fill="${c}" fill-opacity=".15" stroke="${c}" stroke-opacity=".5" stroke-dasharray="3 3"><title>${h(`${s.label}: forecast band ${fc.date} ${o.format(fc.low)} – ${o.format(fc.high)}`)}</title></path>`,
        );
      parts.push(
        `<path d="M${f(xa)},${f(ya)} L${f(xb)},${f(yOf(fc.value))}" fill="none" stroke="${c}" stroke-width="2" stroke-dasharray="5 4"/>`,
        `<g class="mark">${marker(shape, xb, yOf(fc.value), "#fff", 3.5).replace('fill="#fff"', `fill="#fff" stroke="${c}" stroke-width="2"`)}<title>${h(`${s.label}: forecast ${fc.date} ${o.format(fc.value)}`)}</title></g>`,
      );
    }
  });
  return figure(
    o.id,
    o.title,
    o.desc,
    parts.join("\n"),
    W,
    H,
    legend(
      o.id,
      o.series.map((s) => s.label),
      "line",
    ),
  );
}
