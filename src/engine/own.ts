import type { Accelerator } from "../schema/catalog.js";
import type { Option } from "../schema/report.js";
import { component } from "./components.js";
import { num } from "./gpu.js";

/**
 * Owning the servers instead of renting them (docs/formulas.md "Rent versus own"). Per GPU-hour of
 * work done:
 *
 *   capital per server-year = P · r / (1 − (1 + r)^−L)          (annuity: depreciation + cost of capital)
 *   fixed per GPU-hour      = (capital / 8,760 + colo $/kW-month · kW / 730) / GPUs per server
 *   energy per GPU-hour     = kW · average draw · PUE · grid $/kWh / GPUs per server
 *   own per GPU-hour of work = fixed / utilization + energy
 *
 * Owning pays off above the utilization u* = fixed / (rent − energy), rent being the cheapest rented
 * price per GPU-hour for the same work; never when rent ≤ energy.
 *
 * Worked example (tests/engine/own.test.ts): an 8-GPU server at $270,480, 10.2 kW, 4 years at 8%:
 * capital = 270,480 · 0.08 / (1 − 1.08^−4) = $81,664/year → $9.32/server-hour; colo 184.06 · 10.2 / 730
 * = $2.57/server-hour; fixed = $1.487/GPU-hour; energy = 10.2 · 0.75 · 1.3 · 0.0895 / 8 = $0.111/GPU-hour.
 */

/** Defaults for owning; each one used is named in the option's notes. */
export const OWN_DEFAULTS = {
  lifetime_years: 4,
  lifetime_why:
    "4 years: between Epoch AI's ~3.1-year effective life of AI hardware (value falls 0.14 orders of magnitude a year) and the 5–6 years large operators depreciate servers over",
  cost_of_capital: 0.08,
  cost_of_capital_why: "8% a year: an assumption (no sourced figure; give your own cost of capital)",
  utilization: 0.7,
  utilization_why: "70% of the owned hours doing work: an assumption (give yours as own.utilization)",
  pue: 1.3,
  pue_why: "PUE 1.3: a colocation facility (the cloud default 1.2 is for hyperscale halls)",
  grid_usd_per_kwh: 0.0895,
  grid_source:
    "EIA Electric Power Monthly Table 5.6.B, industrial price Illinois Jan–Jul 2024, 8.95 ¢/kWh (released 2024-09-24), https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=epmt_5_06_b",
  colo_usd_per_kw_month: 184.06,
  colo_source:
    "CBRE North America Data Center Trends H2 2024 (2025-02-26): average asking rate for a 250–500 kW requirement across primary markets $184.06 per kW-month, https://www.cbre.com/insights/reports/north-america-data-center-trends-h2-2024",
  average_draw: 0.75,
  average_draw_why: "average draw 75% of the server's maximum power (Epoch AI's assumption for training clusters)",
  /** Server power when the catalog gives none: GPU TDP × GPUs × this (CPUs, NICs, fans, PSU losses). */
  server_power_multiplier: 1.5,
} as const;

export interface OwnInputs {
  server: string;
  price: number;
  gpus: number;
  kw: number;
  lifetime_years: number;
  cost_of_capital: number;
  utilization: number;
  pue: number;
  grid_usd_per_kwh: number;
  colo_usd_per_kw_month: number;
  source: string;
  price_from: string;
}

export interface OwnRates {
  capital_per_server_year: number;
  fixed_per_gpu_hour: number;
  energy_per_gpu_hour: number;
  per_gpu_hour: number;
}

/** The annuity that repays P over L years at rate r (straight-line P / L when r = 0). */
export function annuity(price: number, rate: number, years: number): number {
  if (rate === 0) return price / years;
  return (price * rate) / (1 - (1 + rate) ** -years);
}

/** Cost of owning per GPU-hour of work, split into what is paid whatever the load and what only when busy. */
export function ownRates(o: OwnInputs): OwnRates {
  const capital = annuity(o.price, o.cost_of_capital, o.lifetime_years);
  const fixed = (capital / 8760 + (o.colo_usd_per_kw_month * o.kw) / 730) / o.gpus;
  const energy = (o.kw * OWN_DEFAULTS.average_draw * o.pue * o.grid_usd_per_kwh) / o.gpus;
  return {
    capital_per_server_year: capital,
    fixed_per_gpu_hour: fixed,
    energy_per_gpu_hour: energy,
    per_gpu_hour: fixed / o.utilization + energy,
  };
}

/** The utilization above which owning costs less per GPU-hour of work than renting at `rent`; null when never. */
export function breakEvenUtilization(r: OwnRates, rent: number): number | null {
  if (rent <= r.energy_per_gpu_hour) return null;
  const u = r.fixed_per_gpu_hour / (rent - r.energy_per_gpu_hour);
  return u <= 1 ? u : null;
}

/** What a workload may override (self_host.own, training own). */
export interface OwnOverrides {
  server?: string | undefined;
  utilization?: number | undefined;
  grid_usd_per_kwh?: number | undefined;
  pue?: number | undefined;
  colo_usd_per_kw_month?: number | undefined;
  lifetime_years?: number | undefined;
  cost_of_capital?: number | undefined;
}

/** The owning inputs for an accelerator at as_of: its latest purchase price in force, the workload's overrides, else the defaults. */
export function ownInputs(
  acc: Accelerator,
  asOf: string,
  o: OwnOverrides,
  fallbackUtilization: number,
): OwnInputs | undefined {
  const prices = (acc.purchase ?? []).filter(
    (p) => p.from <= asOf && (o.server === undefined || p.server === o.server),
  );
  const p = prices.reduce<(typeof prices)[number] | undefined>((a, b) => (a && a.from >= b.from ? a : b), undefined);
  if (!p) return undefined;
  const kw = p.server_kw ?? ((acc.tdp_w ?? 0) * p.gpus * OWN_DEFAULTS.server_power_multiplier) / 1000;
  return {
    server: p.server,
    price: p.price,
    gpus: p.gpus,
    kw,
    lifetime_years: o.lifetime_years ?? OWN_DEFAULTS.lifetime_years,
    cost_of_capital: o.cost_of_capital ?? OWN_DEFAULTS.cost_of_capital,
    utilization: o.utilization ?? fallbackUtilization,
    pue: o.pue ?? OWN_DEFAULTS.pue,
    grid_usd_per_kwh: o.grid_usd_per_kwh ?? OWN_DEFAULTS.grid_usd_per_kwh,
    colo_usd_per_kw_month: o.colo_usd_per_kw_month ?? OWN_DEFAULTS.colo_usd_per_kw_month,
    source: p.source,
    price_from: p.from,
  };
}

/**
 * The `"via": "own"` option for `gpuHours` of work (the owned GPUs' hours, `ownedGpuHours`, carry the
 * fixed cost: by default the work's hours over the utilization), with its break-even utilization against the
 * cheapest rented price per GPU-hour (`rent`, undefined when nothing was rented). USD only: the
 * purchase prices are in USD.
 */
export function ownOption(
  inputs: OwnInputs,
  gpuHours: number,
  rent: number | undefined,
  offering: string,
  currency: string,
  ownedGpuHours = gpuHours / inputs.utilization,
): Option {
  const r = ownRates(inputs);
  const capital = component(
    "capital",
    ownedGpuHours,
    "gpu_hours",
    r.fixed_per_gpu_hour,
    "per_gpu_hour",
    1,
    `purchase ${num(inputs.price)} per ${inputs.gpus}-GPU server over ${inputs.lifetime_years} y at ${num(inputs.cost_of_capital * 100)}%, colocation; at ${num(inputs.utilization * 100)}% utilization`,
  );
  const energy = component(
    "energy",
    gpuHours,
    "gpu_hours",
    r.energy_per_gpu_hour,
    "per_gpu_hour",
    1,
    `${num(inputs.kw)} kW · ${OWN_DEFAULTS.average_draw} · PUE ${inputs.pue} · $${inputs.grid_usd_per_kwh}/kWh`,
  );
  const be = rent === undefined ? null : breakEvenUtilization(r, rent);
  const notes = [
    rent === undefined
      ? "no rented option to compare with"
      : be === null
        ? `owning never beats renting at $${num(rent)}/GPU-hour`
        : `owning beats renting at $${num(rent)}/GPU-hour above ${num(be * 100)}% utilization`,
  ];
  return {
    provider: "own",
    offering,
    via: "own",
    billing: "committed",
    cost: capital.cost + energy.cost,
    currency,
    list_currency: "USD",
    price_from: inputs.price_from,
    source: inputs.source,
    components: [capital, energy],
    notes,
    gpu_hours: gpuHours,
    break_even: be === null ? null : { quantity: be, unit: "utilization" },
    ...(be === null ? { break_even_note: notes[0] } : {}),
    ownership: {
      server: inputs.server,
      purchase_price: inputs.price,
      lifetime_years: inputs.lifetime_years,
      utilization: inputs.utilization,
      break_even_utilization: be,
    },
  };
}
