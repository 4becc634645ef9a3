import type { Catalog } from "../schema/catalog.js";
import type { Evidence } from "../schema/optimize.js";
import type { Item } from "../schema/report.js";
import type { TrainingItem } from "../schema/workload.js";
import { DEFAULT_MFU } from "./gpu.js";
import type { Candidate } from "./optimize-inference.js";

/**
 * The levers of a training item (docs/optimize.md): spot GPUs with the time lost to preemptions and
 * restarts from checkpoints, another GPU, and a realistic MFU improvement. Each is a change of the
 * item's fields that `estimate` prices as it prices any training run.
 */

/**
 * Share of GPU time lost on spot to preemptions and restarts from the last checkpoint: priced as a
 * lower effective MFU (`mfu / (1 + overhead)`), so `estimate` on the changed file prices it.
 * Llama 3's 54-day pre-training on a dedicated cluster kept more than 90% effective training time
 * through 466 interruptions (arXiv 2407.21783 §3.3.4): 10% is that floor, not a spot measurement.
 */
export const SPOT_OVERHEAD = 0.1;
const LLAMA3: Evidence = {
  what: "Llama 3 405B: >90% effective training time over 54 days (466 interruptions); 38–43% BF16 MFU on 8k–16k H100s",
  source: "https://arxiv.org/abs/2407.21783 (The Llama 3 Herd of Models, §3.3.4 and Table 4)",
  date: "2024-07-31",
};
const MEGASCALE: Evidence = {
  what: "MegaScale: 55.2% MFU training a 175B model on 12,288 GPUs",
  source: "https://arxiv.org/abs/2402.15627 (MegaScale, abstract)",
  date: "2024-02-23",
};

/** The MFU band published large runs reach: Llama 3 at 38–43%, MegaScale at 55.2%. */
export const MFU_BAND = { low: 0.45, high: 0.55 } as const;

/** Four decimals: a written MFU that reads back as the same number. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** `open`: the item priced on every provider (its `providers` pin removed), for the region lever. */
export function trainingLevers(it: TrainingItem, catalog: Catalog, before: Item, open: Item | undefined): Candidate[] {
  if (it.price_per_gpu_hour !== undefined) return mfuLever(it);
  return [...spotLever(it), ...gpuLevers(it, catalog), ...mfuLever(it), ...regionLevers(it, before, open)];
}

/**
 * A lower-carbon region: a provider whose offer of the same GPU sits on a grid with less CO2 per kWh
 * (the offer's `grid_gco2_per_kwh`), reported as CO2 saved; it may cost more. Not when the item
 * states its own grid intensity (energy.grid_gco2_per_kwh), which every offer then uses.
 */
function regionLevers(it: TrainingItem, before: Item, open: Item | undefined): Candidate[] {
  if (it.energy?.grid_gco2_per_kwh !== undefined || !open) return [];
  const sel = before.options[0];
  if (sel?.co2_kg === undefined) return [];
  const seen = new Set<string>([sel.provider]);
  const out: Candidate[] = [];
  for (const o of open.options) {
    if (seen.has(o.provider) || o.co2_kg === undefined || o.co2_kg >= sel.co2_kg) continue;
    seen.add(o.provider);
    out.push({
      lever: "training_region",
      variant: o.provider,
      change: `train on ${o.provider} (${o.offering}), on a lower-carbon grid`,
      set: { providers: [o.provider] },
      unset: [],
      tradeoffs: ["carbon: the offer's grid intensity is the region's average, not the data centre's own supply"],
      evidence: [],
    });
  }
  return out;
}

function spotLever(it: TrainingItem): Candidate[] {
  if (it.pricing === "spot") return [];
  const mfu = it.mfu ?? DEFAULT_MFU;
  const eff = round4(mfu / (1 + SPOT_OVERHEAD));
  return [
    {
      lever: "training_spot",
      variant: "",
      change: `train on spot GPUs (pricing: spot), counting ${SPOT_OVERHEAD * 100}% of GPU time lost to preemptions and checkpoint restarts (mfu ${mfu} → ${eff})`,
      set: { pricing: "spot", mfu: eff },
      unset: [],
      tradeoffs: [
        "interruption risk: spot GPUs are reclaimed at short notice; checkpoint often and restart automatically",
        `wall-clock: longer by the time lost (${SPOT_OVERHEAD * 100}% assumed; more when spot capacity is scarce)`,
      ],
      evidence: [LLAMA3],
    },
  ];
}

function gpuLevers(it: TrainingItem, catalog: Catalog): Candidate[] {
  const gpus = [...new Set(catalog.providers.flatMap((p) => (p.gpus ?? []).map((g) => g.gpu)))].sort();
  return gpus
    .filter((g) => g !== it.gpu)
    .map((gpu) => ({
      lever: "training_gpu" as const,
      variant: "",
      change: `train on ${it.gpus} × ${gpu} instead of ${it.gpu}`,
      set: { gpu },
      unset: [],
      tradeoffs: [
        `wall-clock and memory differ on ${gpu}: check the job fits (the estimate warns when it does not) and the MFU still holds`,
      ],
      evidence: [],
    }));
}

function mfuLever(it: TrainingItem): Candidate[] {
  const mfu = it.mfu ?? DEFAULT_MFU;
  if (mfu >= MFU_BAND.low) return [];
  return [
    {
      lever: "training_mfu",
      variant: "",
      change: `raise MFU from ${mfu} to ${MFU_BAND.low} (the low end of ${MFU_BAND.low}–${MFU_BAND.high} that published large runs reach)`,
      set: { mfu: MFU_BAND.low },
      unset: [],
      tradeoffs: [
        "engineering effort: parallelism layout, fused kernels, overlap of communication; no change to the model",
        `at ${MFU_BAND.high} the saving would be larger; ${MFU_BAND.low} is the figure priced`,
      ],
      evidence: [LLAMA3, MEGASCALE],
    },
  ];
}
