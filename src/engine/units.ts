import type { Period } from "../schema/workload.js";

/** A month is 730 hours, as cloud providers bill; a year 8,760 hours; a day 24 (DESIGN.md Units). */
export const HOURS_PER: Record<Period, number> = { day: 24, month: 730, year: 8760 };
export const HOURS_PER_MONTH = 730;

/** Days in a period: month = 730 / 24 = 30.41666… days. */
export function daysIn(period: Period): number {
  return HOURS_PER[period] / 24;
}

/** Months in a period: day = 24 / 730, month = 1, year = 12. */
export function monthsIn(period: Period): number {
  return HOURS_PER[period] / HOURS_PER_MONTH;
}

export const PER_MILLION = 1e6;

export interface Traffic {
  requests_per_day?: number | undefined;
  requests_per_month?: number | undefined;
  requests?: number | undefined;
}

/**
 * Requests over the period. Worked example: 20,000 requests a day over a month
 * = 20,000 · 730 / 24 = 608,333.33 requests.
 */
export function requestsPerPeriod(t: Traffic, period: Period): number {
  if (t.requests !== undefined) return t.requests;
  if (t.requests_per_day !== undefined) return t.requests_per_day * daysIn(period);
  if (t.requests_per_month !== undefined) return t.requests_per_month * monthsIn(period);
  return 0;
}
