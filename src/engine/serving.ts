import type { Accelerator } from "../schema/catalog.js";
import type { Precision } from "../schema/workload.js";
import { type Architecture, activeParams, BYTES, num } from "./gpu.js";

/**
 * The serving model of one replica (docs/formulas.md "Self-hosted inference"): continuous batching
 * with chunked prefill, so each engine step runs B decode tokens and, beside them, the prompt
 * tokens of the requests that join (in steady state B · input/output of them). A step takes the
 * longest of three overlapped times, stretched by the tensor-parallel factor f:
 *
 *   memory  = (weights read + B · KV bytes per token · context) / (g · bandwidth · η_bw)
 *   compute = (tokens · 2 · N_active + attention FLOPs) / (g · peak · η_c)
 *   network = tokens · expert-parallel bytes per token / (g · scale-out bandwidth · η_net)   (MoE over nodes)
 *
 * Output tokens/s per replica = B / step. B is the largest batch that fits the memory left after
 * the weights, the engine's cap, and the latency limits (TPOT = one step; TTFT = the prompt alone
 * plus one step), and the plan says which of them binds.
 *
 * Worked example (Llama 2 70B FP8 on one H200, 700 input / 290 output tokens, η_c 0.6, η_bw 0.6):
 * KV = 2 · 80 · 8 · 128 · 1 = 163,840 B/token; context 700 + 145 = 845; memory for KV
 * 141e9 · 0.9 − 69e9 = 57.9e9 B → B = floor(57.9e9 / (163,840 · 845)) = 418; tokens per step
 * 418 · (1 + 700/290) = 1,427; compute = 1,427 · 1.38e11 / (1.979e15 · 0.6) ≈ 0.166 s (plus
 * attention), memory = (69e9 + 57.9e9) / (4.8e12 · 0.6) = 0.044 s → compute-bound, ≈ 2,500 tokens/s.
 */

/** Share of GPU memory a serving engine gives to weights and KV cache (vLLM gpu_memory_utilization 0.9). */
export const MEMORY_SHARE = 0.9;
/** Concurrent sequences a replica must hold before it counts as able to serve (below this, decode is weight-bound). */
export const MIN_WORKING_BATCH = 32;
/** Default cap on concurrent sequences per GPU of a replica (engines cap the batch: vLLM max_num_seqs, TRT max_batch_size). */
export const MAX_BATCH_PER_GPU = 512;
/** GPUs per node: replicas up to this size stay inside one NVLink domain. */
export const NODE_GPUS = 8;
/** Replica sizes tried: within one node, then whole nodes (tensor/pipeline/expert parallel across nodes). */
export const REPLICA_SIZES = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 144, 192, 256] as const;
/**
 * Scale-out bandwidth per GPU when hardware.yaml gives none: one 400 Gb/s NIC per GPU = 50 GB/s
 * (DGX H100 / HGX reference design: 8 × ConnectX-7 400 Gb/s for 8 GPUs).
 */
export const DEFAULT_SCALEOUT_GBS = 50;
/** Bytes sent per token per MoE layer and routed expert: FP8 dispatch (1 B) + BF16 combine (2 B) of the hidden state (DeepEP). */
export const EP_BYTES_PER_HIDDEN = 3;

export interface Efficiency {
  /** Share of dense peak reached by prefill and decode GEMMs. */
  compute: number;
  /** Share of memory bandwidth reached reading weights and KV cache. */
  bandwidth: number;
  /** Step time × (1 + tp_overhead · (GPUs in the node's share of the replica − 1)). */
  tp_overhead: number;
  /** Share of scale-out bandwidth reached by expert-parallel all-to-all across nodes. */
  network: number;
}

export interface ServingShape {
  input_tokens: number;
  output_tokens: number;
  /** Disaggregated decode: prompts are prefilled elsewhere; the KV context per sequence. */
  decode_only_context?: number | undefined;
}

export interface LatencyLimits {
  /** Time to first token, seconds. */
  ttft?: number | undefined;
  /** Time per output token, seconds (1 / tokens per second per user). */
  tpot?: number | undefined;
}

export type Binding = "memory" | "max_batch" | "ttft" | "tpot";

export interface ServingPlan {
  gpus: number;
  nodes: number;
  batch: number;
  binding: Binding;
  weights_bytes: number;
  kv_bytes_per_token: number;
  /** Prompt tokens/s of the replica running prefill alone. */
  prefill_tps: number;
  /** Output tokens/s of the replica at `batch`, prefill included (continuous batching). */
  output_tps: number;
  /** Replica-seconds per request. */
  seconds_per_request: number;
  step_seconds: number;
  ttft_seconds: number;
  bound: "memory" | "compute" | "network";
  note?: string;
}

/** What the step-time formula needs about one replica of g GPUs. */
export interface Machine {
  g: number;
  nodes: number;
  weights: number;
  activeWeights: number;
  active: number;
  kv: number;
  peak: number;
  bandwidth: number;
  memory: number;
  scaleout: number;
  epBytes: number;
  attnPerCtx: number;
  eff: Efficiency;
}

/** KV-cache bytes per token of context (MLA caches the compressed latent plus the shared RoPE key). */
export function kvBytesPerToken(arch: Architecture, kvBytes: number): number {
  const L = arch.layers as number;
  if (arch.kv_lora_rank !== undefined) return L * (arch.kv_lora_rank + 64) * kvBytes;
  return 2 * L * (arch.kv_heads as number) * (arch.head_dim as number) * kvBytes;
}

/**
 * Attention FLOPs per token per token of context: QKᵀ and AV are 2 · head_dim FLOPs each per head.
 * MLA in absorbed form works on the latent: (kv_lora_rank + 64) for QKᵀ and kv_lora_rank for AV.
 */
export function attentionFlopsPerContext(arch: Architecture): number {
  const L = arch.layers as number;
  const H = arch.attention_heads ?? (arch.kv_heads as number);
  if (arch.kv_lora_rank !== undefined) return 2 * L * H * (2 * arch.kv_lora_rank + 64);
  return 4 * L * H * (arch.head_dim as number);
}

/** The machine of a replica of g accelerators serving `arch` at these precisions. */
export function machine(
  arch: Architecture,
  acc: Accelerator,
  eff: Efficiency,
  precision: Precision,
  kvPrec: Precision,
  peak: number,
  g: number,
): Machine {
  const bytes = BYTES[precision];
  const moe = arch.active_parameters !== undefined && arch.active_parameters < arch.parameters;
  return {
    g,
    nodes: Math.ceil(g / NODE_GPUS),
    weights: arch.parameters * bytes,
    activeWeights: activeParams(arch) * bytes,
    active: activeParams(arch),
    kv: kvBytesPerToken(arch, BYTES[kvPrec]),
    peak,
    bandwidth: acc.memory_bandwidth_tbs * 1e12,
    memory: acc.memory_gb * 1e9,
    scaleout: (acc.scaleout_gbs ?? DEFAULT_SCALEOUT_GBS) * 1e9,
    epBytes: moe ? EP_BYTES_PER_HIDDEN * (arch.hidden ?? 0) * (arch.experts_per_token ?? 0) * (arch.layers ?? 0) : 0,
    attnPerCtx: attentionFlopsPerContext(arch),
    eff,
  };
}

/** Context a sequence holds on average while it decodes: its prompt and half its output. */
export function meanContext(shape: ServingShape): number {
  return shape.decode_only_context ?? shape.input_tokens + shape.output_tokens / 2;
}

/** Prompt tokens that join per output token (0 when prefill runs on other GPUs). */
function prefillRatio(shape: ServingShape): number {
  if (shape.decode_only_context !== undefined || shape.output_tokens <= 0) return 0;
  return shape.input_tokens / shape.output_tokens;
}

/** Tensor-parallel stretch: all-reduce time grows with the GPUs of the replica inside one node. */
export function tpFactor(m: Machine): number {
  return 1 + m.eff.tp_overhead * (Math.min(m.g, NODE_GPUS) - 1);
}

/** Time of one engine step at batch B: the slowest of memory, compute and network, times f. */
export function stepTime(m: Machine, B: number, shape: ServingShape): { t: number; bound: ServingPlan["bound"] } {
  const ctx = meanContext(shape);
  const p = prefillRatio(shape);
  const tokens = B * (1 + p);
  const weightsRead = Math.min(m.weights, m.activeWeights * Math.max(1, tokens));
  const mem = (weightsRead + B * m.kv * ctx) / (m.g * m.bandwidth * m.eff.bandwidth);
  const flops = tokens * 2 * m.active + B * m.attnPerCtx * ctx + B * p * m.attnPerCtx * (shape.input_tokens / 2);
  const cmp = flops / (m.g * m.peak * m.eff.compute);
  const net = m.nodes > 1 ? (tokens * m.epBytes) / (m.g * m.scaleout * m.eff.network) : 0;
  const f = tpFactor(m);
  if (net >= mem && net >= cmp) return { t: net * f, bound: "network" };
  return mem >= cmp ? { t: mem * f, bound: "memory" } : { t: cmp * f, bound: "compute" };
}

/** Prompt tokens/s of the replica running prefill alone (compute-bound). */
export function prefillRate(m: Machine, inputTokens: number): number {
  const perToken = 2 * m.active + m.attnPerCtx * (inputTokens / 2);
  return (m.g * m.peak * m.eff.compute) / (perToken * tpFactor(m));
}

/** Sequences whose KV cache fits beside the weights. */
export function sequencesThatFit(m: Machine, shape: ServingShape): number {
  return Math.floor((m.g * m.memory * MEMORY_SHARE - m.weights) / (m.kv * Math.max(1, meanContext(shape))));
}

/** The batch: the largest that memory, the cap and the latency limits allow, and which one binds. */
export function chooseBatch(
  m: Machine,
  shape: ServingShape,
  cap: number,
  limits: LatencyLimits,
): { batch: number; binding: Binding } | { reason: string } {
  const fit = sequencesThatFit(m, shape);
  let batch = Math.min(fit, cap);
  let binding: Binding = fit <= cap ? "memory" : "max_batch";
  const prompt = shape.decode_only_context === undefined ? shape.input_tokens / prefillRate(m, shape.input_tokens) : 0;
  const ok = (B: number): Binding | undefined => {
    const t = stepTime(m, B, shape).t;
    if (limits.tpot !== undefined && t > limits.tpot) return "tpot";
    if (limits.ttft !== undefined && prompt + t > limits.ttft) return "ttft";
    return undefined;
  };
  const failAt1 = ok(1);
  if (failAt1 === "tpot")
    return {
      reason: `TPOT ${num(limits.tpot as number)} s is below one decode step at batch 1 (${num(stepTime(m, 1, shape).t)} s)`,
    };
  if (failAt1 === "ttft")
    return {
      reason: `TTFT ${num(limits.ttft as number)} s is below the prompt's prefill time alone (${num(prompt)} s)`,
    };
  const over = ok(batch);
  if (over !== undefined) {
    let lo = 1;
    let hi = batch; // ok(lo) holds, ok(hi) fails; the step time grows with B
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (ok(mid) === undefined) lo = mid;
      else hi = mid;
    }
    batch = lo;
    binding = ok(hi) ?? over;
  }
  return { batch, binding };
}

/** The plan of a replica of exactly g GPUs, or why it cannot serve. */
export function planOn(
  m: Machine,
  shape: ServingShape,
  maxBatch: number | undefined,
  limits: LatencyLimits,
): { ok: true; plan: ServingPlan } | { ok: false; reason: string } {
  if (sequencesThatFit(m, shape) < 1)
    return { ok: false, reason: `weights and one sequence's KV cache do not fit on ${m.g} GPUs` };
  const chosen = chooseBatch(m, shape, maxBatch ?? MAX_BATCH_PER_GPU * m.g, limits);
  if ("reason" in chosen) return { ok: false, reason: chosen.reason };
  const { batch, binding } = chosen;
  const step = stepTime(m, batch, shape);
  const outputTps = batch / step.t;
  const prefill = prefillRate(m, shape.input_tokens);
  const prompt = shape.decode_only_context === undefined ? shape.input_tokens / prefill : 0;
  const plan: ServingPlan = {
    gpus: m.g,
    nodes: m.nodes,
    batch,
    binding,
    weights_bytes: m.weights,
    kv_bytes_per_token: m.kv,
    prefill_tps: prefill,
    output_tps: outputTps,
    seconds_per_request: shape.output_tokens / outputTps,
    step_seconds: step.t,
    ttft_seconds: prompt + step.t,
    bound: step.bound,
  };
  return { ok: true, plan };
}

export interface PlanRequest {
  arch: Architecture;
  acc: Accelerator;
  eff: Efficiency;
  precision: Precision;
  kvPrecision: Precision;
  peak: number;
  shape: ServingShape;
  maxBatch?: number | undefined;
  limits?: LatencyLimits | undefined;
  /** Only this replica size (a benchmark's configuration). */
  gpus?: number | undefined;
}

/**
 * The replica to run: among the sizes that hold the weights and a working batch
 * (MIN_WORKING_BATCH sequences) and meet the latency limits, the one with the fewest GPU-seconds
 * per request; sizes beyond one node only when no single node will do.
 */
export function servingPlan(r: PlanRequest): { ok: true; plan: ServingPlan } | { ok: false; reason: string } {
  const limits = r.limits ?? {};
  const sizes = r.gpus !== undefined ? [r.gpus] : REPLICA_SIZES;
  let best: ServingPlan | undefined;
  let small: ServingPlan | undefined;
  let lastReason = "";
  for (const g of sizes) {
    if (best && g > NODE_GPUS && best.gpus <= NODE_GPUS) break;
    if (best && g > best.gpus * 2) break;
    const m = machine(r.arch, r.acc, r.eff, r.precision, r.kvPrecision, r.peak, g);
    const res = planOn(m, r.shape, r.maxBatch, limits);
    if (!res.ok) {
      lastReason = res.reason;
      continue;
    }
    const p = res.plan;
    if (sequencesThatFit(m, r.shape) < MIN_WORKING_BATCH && r.gpus === undefined) {
      small ??= p;
      continue;
    }
    if (!best || p.gpus * p.seconds_per_request < best.gpus * best.seconds_per_request) best = p;
  }
  if (best) return { ok: true, plan: best };
  if (small)
    return {
      ok: true,
      plan: {
        ...small,
        note: `only ${small.batch} sequences fit on ${small.gpus} × ${r.acc.id}: decode runs at a small batch`,
      },
    };
  const W = r.arch.parameters * BYTES[r.precision];
  return {
    ok: false,
    reason:
      lastReason.startsWith("weights") || lastReason === ""
        ? `${num(W / 1e9)} GB of ${r.precision} weights plus one sequence's KV cache do not fit in ${sizes[sizes.length - 1]} × ${r.acc.id} (${r.acc.memory_gb} GB each, ${MEMORY_SHARE * 100}% usable)`
        : lastReason,
  };
}

/** For an accelerator without an `efficiency:` block: the H100 SXM calibration (said in the item's notes). */
export const FALLBACK_EFFICIENCY: Efficiency = { compute: 0.4, bandwidth: 0.55, tp_overhead: 0.07, network: 0.575 };

/** The accelerator's serving efficiencies: its calibrated block (older key names accepted), else the fallback. */
export function efficiencyOf(acc: Accelerator): Efficiency {
  const e = acc.efficiency;
  return {
    compute: e?.compute ?? e?.prefill ?? FALLBACK_EFFICIENCY.compute,
    bandwidth: e?.bandwidth ?? e?.decode_bandwidth ?? FALLBACK_EFFICIENCY.bandwidth,
    tp_overhead: e?.tp_overhead ?? FALLBACK_EFFICIENCY.tp_overhead,
    network: e?.network ?? FALLBACK_EFFICIENCY.network,
  };
}
