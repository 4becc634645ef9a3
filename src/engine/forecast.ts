import { dayNumber, isoOfDay } from "../dates.js";
import { DATE_MAX, isIsoDay } from "../schema/primitive-checks.js";
import { addMonths, type TrendPoint } from "./trend.js";

/**
 * Forecast (DESIGN.md "Trends"): a least-squares line through log(price) against time, over the
 * points of the window. The slope is a continuous rate per year; the annual rate is e^slope − 1.
 * Never silent: every forecast carries its r², its point count and the caveats that apply.
 *
 * Worked example: prices 100, 50, 25 a year apart lie on log p = ln 100 − 0.6931·t, so the slope
 * is −0.6931 per year, the annual rate e^−0.6931 − 1 = −50%, r² = 1, and one year after the last
 * point the projection is 12.5.
 */

/** A horizon such as 12m, 2y or 90d. */
export interface Horizon {
  amount: number;
  unit: "d" | "m" | "y";
}

/** The longest forecast: 100 years (36,500 days, 1,200 months). Past it a log-linear fit means nothing. */
export const MAX_HORIZON = { d: 36_500, m: 1_200, y: 100 } as const;

export function parseHorizon(s: string): Horizon | undefined {
  const m = /^\s*(\d{1,9})\s*(d|m|y|mo|months?|days?|years?)\s*$/i.exec(s);
  if (!m) return undefined;
  const amount = Number(m[1]);
  const u = (m[2] as string).toLowerCase();
  const unit = u.startsWith("d") ? "d" : u.startsWith("y") ? "y" : "m";
  if (amount <= 0 || amount > MAX_HORIZON[unit]) return undefined;
  return { amount, unit };
}

export function addHorizon(date: string, h: Horizon): string {
  if (h.unit === "d") return isoOfDay(dayNumber(date) + h.amount);
  return addMonths(date, h.unit === "y" ? 12 * h.amount : h.amount);
}

export function horizonLabel(h: Horizon): string {
  return `${h.amount}${h.unit}`;
}

/** r² below this is called low: the prices did not move like a steady exponential. */
export const LOW_R2 = 0.5;

export interface Fit {
  /** Points used (positive prices only: log(0) has no value). */
  n: number;
  /** ln(price) at t = 0 (the first point used) and per year. */
  intercept: number;
  slope_per_year: number;
  /** e^slope − 1. */
  annual_rate: number;
  /** Null when every price is the same (nothing to explain). */
  r2: number | null;
  t0: string;
}

export interface Forecast extends Fit {
  horizon: string;
  /** Day the projection is for: the last point's date plus the horizon. */
  date: string;
  price: number;
  /**
   * A ~95% prediction band for the projected price: exp(ŷ ± 1.96·se), se = s·√(1 + 1/n + (t − t̄)²/Sxx)
   * with s the residual standard error of the log fit (n − 2 degrees of freedom; the normal 1.96, not
   * Student's t, so with few points the band is narrower than it should be: the caveats say so).
   * Absent below three points. Worked example in tests/engine/forecast-band.test.ts.
   */
  low?: number;
  high?: number;
  caveats: string[];
}

/** The prediction band of `forecast` at `t` years after the first point used (see Forecast.low). */
export function predictionBand(
  points: ReadonlyArray<{ date: string; price: number }>,
  fit: Fit,
  t: number,
): { low: number; high: number } | undefined {
  const use = points.filter((p) => p.price > 0);
  const first = use[0];
  const n = use.length;
  if (!first || n < 3) return undefined;
  const x = use.map((p) => (dayNumber(p.date) - dayNumber(first.date)) / 365);
  const mx = x.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sse = 0;
  use.forEach((p, i) => {
    const xi = x[i] as number;
    sxx += (xi - mx) ** 2;
    sse += (Math.log(p.price) - (fit.intercept + fit.slope_per_year * xi)) ** 2;
  });
  if (sxx === 0) return undefined;
  const se = Math.sqrt(sse / (n - 2)) * Math.sqrt(1 + 1 / n + (t - mx) ** 2 / sxx);
  const yhat = fit.intercept + fit.slope_per_year * t;
  return { low: Math.exp(yhat - 1.96 * se), high: Math.exp(yhat + 1.96 * se) };
}

/** Least squares of ln(price) on years since the first point. Undefined below two dated points. */
export function fitLogLinear(points: ReadonlyArray<{ date: string; price: number }>): Fit | undefined {
  const use = points.filter((p) => p.price > 0);
  const first = use[0];
  if (!first || use.length < 2) return undefined;
  const x = use.map((p) => (dayNumber(p.date) - dayNumber(first.date)) / 365);
  const y = use.map((p) => Math.log(p.price));
  const n = use.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < n; i++) ssRes += ((y[i] as number) - (intercept + slope * (x[i] as number))) ** 2;
  // A flat series is fitted exactly but explains nothing: r² has no value there.
  const r2 = syy < 1e-24 ? null : 1 - ssRes / syy;
  return { n, intercept, slope_per_year: slope, annual_rate: Math.exp(slope) - 1, r2, t0: first.date };
}

/** Fit and project `horizon` past the last point, with the caveats a reader needs. */
export function forecast(points: readonly TrendPoint[], horizon: Horizon): Forecast | { caveats: string[] } {
  const zeros = points.filter((p) => p.price <= 0).length;
  const fit = fitLogLinear(points);
  const caveats: string[] = [];
  if (zeros > 0) caveats.push(`${zeros} free (zero-price) point(s) left out: log(0) has no value`);
  const last = points[points.length - 1];
  if (!fit || !last) {
    caveats.push("no forecast: fewer than two dated prices above zero in the window");
    return { caveats };
  }
  if (fit.n < 3) caveats.push(`only ${fit.n} points: a line through two points always fits; do not rely on it`);
  if (fit.r2 === null) caveats.push("the price did not change in the window: the projection is flat");
  else if (fit.r2 < LOW_R2)
    caveats.push(
      `low r² (${fit.r2.toFixed(2)}): prices did not follow a steady exponential trend; treat as a rough guess`,
    );
  const date = addHorizon(last.date, horizon);
  if (!isIsoDay(date)) {
    caveats.push(
      `no projection: ${horizonLabel(horizon)} after ${last.date} is past ${DATE_MAX}, the last date llmcost computes`,
    );
    return { caveats };
  }
  const t = (dayNumber(date) - dayNumber(fit.t0)) / 365;
  const band = predictionBand(points, fit, t);
  return {
    ...fit,
    horizon: horizonLabel(horizon),
    date,
    price: Math.exp(fit.intercept + fit.slope_per_year * t),
    ...(band ?? {}),
    caveats,
  };
}
