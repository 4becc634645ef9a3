import type { Option } from "../schema/report.js";
import { money, percent, quantity } from "./format.js";

/**
 * Words for billing options, shared by the table, Markdown and CSV renderers (docs/billing.md):
 * what the option is ("ptu-regional year ×200", "pack qwen-max-free-quota") and where it pays off.
 */

const KIND: Record<string, string> = { ptu: "PTU", model_unit: "MU", gsu: "GSU", tpm_unit: "TPM unit" };

/** Short label of a non-pay-as-you-go option; "" for pay-as-you-go. */
export function billingLabel(o: Option): string {
  if (o.billing === "pay_as_you_go") return "";
  // The offer's id and term ("ptu-global hourly"): one provider may sell several deployment types.
  if (o.provisioned)
    return `${o.plan ?? `${KIND[o.provisioned.kind] ?? o.provisioned.kind} ${o.provisioned.term}`} ×${o.provisioned.units}`;
  if (o.billing === "committed") return "committed";
  return `${o.billing === "subscription" ? "plan" : o.billing} ${o.plan ?? ""}`.trim();
}

const UNIT_WORDS: Record<string, string> = {
  tokens: "tokens",
  input_tokens: "input tokens",
  output_tokens: "output tokens",
  requests: "requests",
  gpu_hours: "GPU-hours",
};

/** "pays off above 11.8B tokens per month", or why it never does; "" for pay-as-you-go. */
export function paysOff(o: Option, period: string): string {
  if (o.billing === "pay_as_you_go" || o.break_even === undefined) return "";
  if (o.once) return `first ${period} only (a one-time free quota)`;
  if (o.break_even === null) return `never pays off${o.break_even_note ? `: ${o.break_even_note}` : ""}`;
  if (o.break_even.quantity === 0) return "pays off at any volume";
  // A contract counted in money (`counts: amount`): usage valued at list prices, in the list's currency.
  if (o.break_even.unit === "amount")
    return `pays off above ${money(o.break_even.quantity, o.list_currency)} of usage at list price per ${period}`;
  return `pays off above ${quantity(o.break_even.quantity)} ${UNIT_WORDS[o.break_even.unit] ?? o.break_even.unit} per ${period}`;
}

/** One line of what a billing option bought: utilisation, packs and what expires, plan usage. */
export function billingDetail(o: Option): string {
  if (o.provisioned) {
    const p = o.provisioned;
    const u =
      p.utilization === null ? "utilisation unknown" : `utilisation ${percent(p.utilization).replace(/^\+/, "")}`;
    return `${p.units} ${p.kind} (minimum ${p.minimum_units}), ${u}`;
  }
  if (o.pack) {
    const k = o.pack;
    const packs = k.packs.map((x) => `${x.count} × ${x.id}`).join(" + ") || "no pack";
    return `${packs}; covers ${quantity(k.covered)} of ${quantity(k.needed)} ${k.unit}, overflow ${quantity(k.overflow)}, unused ${quantity(k.unused)}`;
  }
  if (o.subscription) {
    const s = o.subscription;
    if (s.unit === "amount") {
      // A commitment counted in money: what the usage is worth at list price, and the floor the
      // contract bills ("used 1,825 of list-price usage, overage 1,825" read as a count of nothing).
      // Both in the list's currency (the contract's), whatever the report currency.
      const m = (n: number) => money(n, o.list_currency);
      const parts = [
        `${m(s.used)} of usage at list price${s.included !== undefined ? ` (${m(s.included)} included, ${m(s.overage)} beyond)` : ""}`,
      ];
      if (s.minimum_spend !== undefined) parts.push(`minimum spend ${m(s.minimum_spend)} a ${s.term}`);
      return parts.join("; ");
    }
    return `used ${quantity(s.used)} ${s.unit}${s.included !== undefined ? ` of ${quantity(s.included)} included` : ""}, overage ${quantity(s.overage)}`;
  }
  return "";
}
