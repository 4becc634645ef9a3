import type { Option } from "../schema/report.js";
import { percent, quantity } from "./format.js";

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
  amount: "of list-price usage",
  gpu_hours: "GPU-hours",
};

/** "pays off above 11.8B tokens per month", or why it never does; "" for pay-as-you-go. */
export function paysOff(o: Option, period: string): string {
  if (o.billing === "pay_as_you_go" || o.break_even === undefined) return "";
  if (o.once) return `first ${period} only (a one-time free quota)`;
  if (o.break_even === null) return `never pays off${o.break_even_note ? `: ${o.break_even_note}` : ""}`;
  if (o.break_even.quantity === 0) return "pays off at any volume";
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
    const unit = s.unit === "amount" ? "of list-price usage" : s.unit;
    return `used ${quantity(s.used)} ${unit}${s.included !== undefined ? ` of ${quantity(s.included)} included` : ""}, overage ${quantity(s.overage)}`;
  }
  return "";
}
