import type { Option } from "../schema/report.js";

/** At equal cost, pay-as-you-go first: a plan that saves nothing is not the one to pick. */
const BILLING_ORDER: Record<Option["billing"], number> = {
  pay_as_you_go: 0,
  committed: 1,
  pack: 2,
  subscription: 3,
  provisioned: 4,
};

/** Recurring options before first-period-only ones, then cheapest first; ties broken by provider, offering, route, billing and plan, so the order is total and stable. */
export function compareOptions(a: Option, b: Option): number {
  // A first-period-only option (a one-time free quota) is not what the workload costs in steady state.
  if ((a.once === true) !== (b.once === true)) return a.once ? 1 : -1;
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  if (a.provider !== b.provider) return a.provider < b.provider ? -1 : 1;
  if (a.offering !== b.offering) return a.offering < b.offering ? -1 : 1;
  if (a.via !== b.via) return a.via < b.via ? -1 : 1;
  if (a.billing !== b.billing) return BILLING_ORDER[a.billing] - BILLING_ORDER[b.billing];
  const pa = a.plan ?? "";
  const pb = b.plan ?? "";
  if (pa !== pb) return pa < pb ? -1 : 1;
  return 0;
}
