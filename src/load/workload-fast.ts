import {
  CURRENCY_SHAPE,
  DATE_MIN,
  DATE_SHAPE,
  ID_SHAPE,
  isRealDate,
  parseQuantity,
  QUALITY_CLASSES,
  shareValue,
} from "../schema/primitive-checks.js";
import type { Workload } from "../schema/workload.js";
import {
  fineTuneFaults,
  inferenceFaults,
  peakFaults,
  type RuleFault,
  workloadFaults,
} from "../schema/workload-rules.js";

/**
 * A valid workload, read without zod. The workload's zod schema (src/schema/workload.ts) is the
 * truth; zod's first use is most of a small estimate's start-up work and its check ~50 ms of a
 * 10,000-item one (docs/performance.md). This reader checks a value against WORKLOAD_SHAPE, the
 * same schema written as data, and returns what zod's parse returns (same keys in the same order,
 * same defaults, same numbers), or `undefined` the moment it is not sure: any unknown key, any
 * value of another type, any check failing, anything but plain objects and arrays. The caller
 * then parses with zod as before, so every message about a fault is zod's. It reads what a YAML or
 * JSON parser makes (plain objects whose keys are their own enumerable data properties): an
 * object built in JavaScript with hidden or computed properties is for zod (src/lib/workload.ts).
 *
 * It may only accept less than zod. tests/load/workload-fast.test.ts derives WORKLOAD_SHAPE from
 * the zod schema's definitions (it fails when a field, a check, a default or a rule is added or
 * changed there and not here) and holds the output to zod's on generated, hostile and every
 * example and fixture workload. The rules across fields are the schema's own functions
 * (src/schema/workload-rules.ts).
 */

/** A check on a value after it is read: zod's number and string checks, and the refinements named below. */
export type Check =
  | ["int"]
  | [">" | ">=" | "<" | "<=", number]
  | ["min_length", number]
  | ["regex", string]
  | ["refine", keyof typeof REFINES];

/** A zod schema, as far as a workload uses zod: the same tree, written as data. */
export type Shape = { checks?: Check[] } & (
  | { type: "object"; shape: [string, Shape][]; rules: (keyof typeof RULES)[] }
  | { type: "optional"; of: Shape }
  | { type: "default"; value: unknown; of: Shape }
  | { type: "number" | "string" | "boolean" }
  | { type: "enum"; values: readonly string[] }
  | { type: "literal"; values: unknown[] }
  | { type: "array"; of: Shape }
  | { type: "record"; key: Shape; value: Shape }
  | { type: "union"; of: Shape[] }
  | { type: "pipe"; in: Shape; out: Shape }
  | { type: "transform"; fn: keyof typeof TRANSFORMS }
);

/** The refinements (`.refine(fn)`) of the workload's primitives, by name; the test pins each to zod's source. */
export const REFINES = {
  finite: Number.isFinite,
  nonNegative: (n: number) => n >= 0,
  positive: (n: number) => n > 0,
  atMostOne: (n: number) => n <= 1,
  fromDateMin: (s: string) => s >= DATE_MIN,
  realDate: (s: string) => isRealDate(s),
} as const;

/** The transforms: Quantity ("15T") and Share ("60%"), as src/schema/primitives.ts reads them. */
export const TRANSFORMS = {
  quantity: (v: number | string): number | undefined => {
    const n = typeof v === "number" ? v : parseQuantity(v);
    return n === undefined || !Number.isFinite(n) || n < 0 ? undefined : n;
  },
  share: shareValue,
} as const;

/** The superRefine rules of the objects, in order: the schema's own functions. */
export const RULES: Record<string, (v: never) => RuleFault[]> = {
  inference: inferenceFaults,
  fineTune: fineTuneFaults,
  peak: peakFaults,
  workload: workloadFaults,
};

const num = (...checks: Check[]): Shape => (checks.length ? { type: "number", checks } : { type: "number" });
const str = (...checks: Check[]): Shape => (checks.length ? { type: "string", checks } : { type: "string" });
const opt = (of: Shape): Shape => ({ type: "optional", of });
const dflt = (value: unknown, of: Shape): Shape => ({ type: "default", value, of });
const oneOf = (...values: string[]): Shape => ({ type: "enum", values });
const list = (of: Shape): Shape => ({ type: "array", of });
const obj = (shape: Record<string, Shape>, ...rules: (keyof typeof RULES)[]): Shape => ({
  type: "object",
  shape: Object.entries(shape),
  rules,
});
const withChecks = (s: Shape, ...checks: Check[]): Shape => ({ ...s, checks: [...(s.checks ?? []), ...checks] });

const NonNegative = num(["refine", "finite"], ["refine", "nonNegative"]);
const Positive = withChecks(NonNegative, ["refine", "positive"]);
const Quantity: Shape = {
  type: "pipe",
  in: { type: "union", of: [num(), str()] },
  out: { type: "transform", fn: "quantity" },
};
const PositiveQuantity = withChecks(Quantity, ["refine", "positive"]);
const Share: Shape = {
  type: "pipe",
  in: { type: "union", of: [num(), str()] },
  out: { type: "transform", fn: "share" },
};
const Id = str(["min_length", 1], ["regex", ID_SHAPE.source]);
const Name = str(["min_length", 1]);
const WholePositive = num(["int"], [">", 0]);
const Precision = oneOf("fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4");
const PricingModel = oneOf("on_demand", "spot", "reserved_1y", "reserved_3y", "capacity_block");

const InlineArchitecture = obj({
  parameters: Quantity,
  active_parameters: opt(Quantity),
  layers: opt(WholePositive),
  hidden: opt(WholePositive),
  attention_heads: opt(WholePositive),
  kv_heads: opt(WholePositive),
  head_dim: opt(WholePositive),
  context: opt(WholePositive),
});

const Own = obj({
  server: opt(str()),
  utilization: opt(Share),
  grid_usd_per_kwh: opt(NonNegative),
  pue: opt(num([">=", 1])),
  colo_usd_per_kw_month: opt(NonNegative),
  lifetime_years: opt(num([">", 0])),
  cost_of_capital: opt(num([">=", 0], ["<=", 1])),
});

const SelfHost = obj({
  gpu: Id,
  precision: dflt("bf16", Precision),
  kv_precision: opt(Precision),
  utilization: dflt(0.6, Share),
  pricing: dflt("on_demand", PricingModel),
  providers: opt(list(Id)),
  price_per_gpu_hour: opt(NonNegative),
  architecture: opt(InlineArchitecture),
  max_batch: opt(WholePositive),
  ttft_ms: opt(num([">", 0])),
  tpot_ms: opt(num([">", 0])),
  tokens_per_second_per_user: opt(num([">", 0])),
  own: opt(Own),
});

const InferenceItem = obj(
  {
    name: Name,
    model: Name,
    providers: opt(list(Id)),
    requests_per_day: opt(Quantity),
    requests_per_month: opt(Quantity),
    requests: opt(Quantity),
    input_tokens: dflt(0, Quantity),
    output_tokens: dflt(0, Quantity),
    reasoning_tokens: dflt(0, Quantity),
    cached_input: dflt(0, Share),
    cache_write: dflt(0, Share),
    off_peak: dflt(0, Share),
    batch: dflt(false, { type: "boolean" }),
    self_host: opt(SelfHost),
    usage: opt({ type: "record", key: str(), value: NonNegative }),
    peak: opt(
      obj({ requests_per_minute: opt(Quantity), tokens_per_minute: opt(Quantity), ratio: opt(num([">=", 1])) }, "peak"),
    ),
    cache_ttl: opt(oneOf("5m", "1h")),
    cache_storage: opt(obj({ tokens: Quantity, hours: opt(NonNegative) })),
    latency: dflt("interactive", oneOf("interactive", "flexible")),
    repeated_prefix: opt(Share),
  },
  "inference",
);

const TrainingItem = obj({
  name: Name,
  model: { type: "union", of: [Name, InlineArchitecture] },
  method: dflt("full", oneOf("full", "lora")),
  tokens: opt(PositiveQuantity),
  epochs: dflt(1, Positive),
  gpu: Id,
  gpus: WholePositive,
  mfu: opt(withChecks(Positive, ["refine", "atMostOne"])),
  precision: dflt("bf16", Precision),
  pricing: dflt("on_demand", PricingModel),
  providers: opt(list(Id)),
  price_per_gpu_hour: opt(NonNegative),
  flops: opt(PositiveQuantity),
  checkpoints: opt(obj({ size_gb: NonNegative, count: num(["int"], [">=", 0]), months: NonNegative })),
  energy: opt(
    obj({ pue: opt(num([">=", 1], ["<=", 3])), grid_gco2_per_kwh: opt(NonNegative), power_w: opt(Positive) }),
  ),
  own: opt(Own),
  lora: opt(obj({ rank: opt(WholePositive), trainable_share: opt(Share) })),
});

const FineTuneItem = obj(
  {
    name: Name,
    model: Name,
    providers: opt(list(Id)),
    training_tokens: PositiveQuantity,
    epochs: dflt(1, Positive),
    hosting_hours: opt(NonNegative),
    requests_per_day: opt(Quantity),
    requests_per_month: opt(Quantity),
    requests: opt(Quantity),
    input_tokens: dflt(0, Quantity),
    output_tokens: dflt(0, Quantity),
    cached_input: dflt(0, Share),
    one_off: dflt(false, { type: "boolean" }),
  },
  "fineTune",
);

/** The workload schema, `llmcost: 1`, as data: what src/schema/workload.ts says, key for key. */
export const WORKLOAD_SHAPE: Shape = obj(
  {
    llmcost: { type: "literal", values: [1] },
    name: opt(Name),
    description: opt(str()),
    as_of: opt(str(["regex", DATE_SHAPE.source], ["refine", "fromDateMin"], ["refine", "realDate"])),
    currency: dflt("USD", str(["regex", CURRENCY_SHAPE.source])),
    period: dflt("month", oneOf("day", "month", "year")),
    inference: dflt([], list(InferenceItem)),
    training: dflt([], list(TrainingItem)),
    fine_tune: dflt([], list(FineTuneItem)),
    budget: opt(obj({ total: opt(NonNegative), items: opt({ type: "record", key: str(), value: NonNegative }) })),
    quality_classes: opt({ type: "record", key: str(), value: oneOf(...QUALITY_CLASSES) }),
  },
  "workload",
);

/** A value read by the shape it was checked against, or FAIL: the fast reader is not sure. */
const FAIL: unique symbol = Symbol("not sure");
type Reader = (v: unknown) => unknown;

let workloadReader: Reader | undefined;

/** The workload zod's parse would return for `data`, or undefined when the fast reader is not sure it is valid. */
export function fastWorkload(data: unknown): Workload | undefined {
  workloadReader ??= reader(WORKLOAD_SHAPE);
  const out = workloadReader(data);
  return out === FAIL ? undefined : (out as Workload);
}

/** A reader for values of `s` (given: absent values are the object's business, see `field`). */
export function reader(s: Shape): Reader {
  const read = baseReader(s);
  const checks = (s.checks ?? []).map(checkOf);
  if (!checks.length) return read;
  return (v) => {
    const out = read(v);
    if (out === FAIL) return FAIL;
    for (const ok of checks) if (!ok(out as never)) return FAIL;
    return out;
  };
}

function baseReader(s: Shape): Reader {
  switch (s.type) {
    case "number":
      return (v) => (typeof v === "number" && Number.isFinite(v) ? v : FAIL);
    case "string":
      return (v) => (typeof v === "string" ? v : FAIL);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : FAIL);
    case "enum":
    case "literal": {
      const values = new Set<unknown>(s.values);
      return (v) => (values.has(v) ? v : FAIL);
    }
    case "optional":
    case "default":
      return reader(s.of);
    case "union": {
      const options = s.of.map(reader);
      return (v) => {
        for (const read of options) {
          const out = read(v);
          if (out !== FAIL) return out;
        }
        return FAIL;
      };
    }
    case "pipe":
      return pipeReader(s.in, s.out);
    case "transform": {
      const fn = TRANSFORMS[s.fn] as (v: unknown) => number | undefined;
      return (v) => fn(v) ?? FAIL;
    }
    case "array":
      return arrayReader(reader(s.of));
    case "record":
      return recordReader(reader(s.key), reader(s.value));
    case "object":
      return objectReader(s.shape, s.rules);
  }
}

/**
 * A pipe. Quantity and Share (a number or a string, then their transform: a quarter of a large
 * workload's values) are one closure instead of four.
 */
function pipeReader(first: Shape, then: Shape): Reader {
  const plain = (x: Shape | undefined, type: string) => x?.type === type && !x.checks?.length;
  const numberOrString =
    first.type === "union" &&
    !first.checks?.length &&
    first.of.length === 2 &&
    plain(first.of[0], "number") &&
    plain(first.of[1], "string");
  if (numberOrString && then.type === "transform" && !then.checks?.length) {
    const fn = TRANSFORMS[then.fn] as (v: number | string) => number | undefined;
    return (v) => {
      if (typeof v === "number") return Number.isFinite(v) ? (fn(v) ?? FAIL) : FAIL;
      return typeof v === "string" ? (fn(v) ?? FAIL) : FAIL;
    };
  }
  const read = reader(first);
  const next = reader(then);
  return (v) => {
    const mid = read(v);
    return mid === FAIL ? FAIL : next(mid);
  };
}

function checkOf(c: Check): (v: never) => boolean {
  switch (c[0]) {
    case "int":
      return (n: number) => Number.isSafeInteger(n);
    case ">": {
      const x = c[1];
      return (n: number) => n > x;
    }
    case ">=": {
      const x = c[1];
      return (n: number) => n >= x;
    }
    case "<": {
      const x = c[1];
      return (n: number) => n < x;
    }
    case "<=": {
      const x = c[1];
      return (n: number) => n <= x;
    }
    case "min_length": {
      const x = c[1];
      return (t: string) => t.length >= x;
    }
    case "regex": {
      const re = new RegExp(c[1]);
      return (t: string) => re.test(t);
    }
    case "refine":
      return REFINES[c[1]] as (v: never) => boolean;
  }
}

/** Plain objects only (what YAML and JSON make): no class instances, no proxies' odd prototypes. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function arrayReader(element: Reader): Reader {
  return (v) => {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return FAIL;
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = x === undefined ? FAIL : element(x);
      if (y === FAIL) return FAIL;
      out.push(y);
    }
    return out;
  };
}

function recordReader(key: Reader, value: Reader): Reader {
  return (v) => {
    if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length) return FAIL;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === "__proto__" || key(k) !== k) return FAIL;
      const y = value(v[k]);
      if (y === FAIL) return FAIL;
      out[k] = y;
    }
    return out;
  };
}

/** What a field's absence gives: nothing (optional), a default, or FAIL (required, or a nesting not covered). */
type Absent = "skip" | "fail" | { value: unknown };
function absence(s: Shape): Absent {
  if (s.checks?.length) return "fail";
  if (s.type === "optional") return s.of.type === "optional" || s.of.type === "default" ? "fail" : "skip";
  if (s.type !== "default") return "fail";
  const d = s.value;
  if (Array.isArray(d) && d.length === 0) return { value: d };
  return d === null || typeof d !== "object" ? { value: d } : "fail";
}

/**
 * A strict object: the given keys are read in the order written (a key lookup each, no lookups of
 * the many absent fields), then the output is laid out in the schema's order, defaults in place.
 */
function objectReader(shape: [string, Shape][], rules: (keyof typeof RULES)[]): Reader {
  const keys = shape.map(([key]) => key);
  const reads = shape.map(([, s]) => reader(s));
  const absents = shape.map(([, s]) => absence(s));
  const index = new Map(keys.map((k, i) => [k, i]));
  const check = rules.map((r) => RULES[r] as (v: Record<string, unknown>) => RuleFault[]);
  // The values read, by field: one list reused (10,000 items would each make one), a new one for an object of this shape inside another.
  let spare: unknown[] | undefined = new Array(keys.length);
  return (v) => {
    if (!isPlainObject(v)) return FAIL;
    const values = spare ?? new Array(keys.length);
    spare = undefined;
    const out = layOut(v, values);
    values.fill(undefined);
    spare = values;
    return out;
  };

  function layOut(v: Record<string, unknown>, values: unknown[]): unknown {
    for (const k in v) {
      const i = index.get(k);
      const x = v[k];
      // An unknown key, or one given as undefined: zod decides.
      if (i === undefined || x === undefined) return FAIL;
      const y = (reads[i] as Reader)(x);
      if (y === FAIL) return FAIL;
      values[i] = y;
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const y = values[i];
      if (y !== undefined) out[keys[i] as string] = y;
      else {
        const absent = absents[i] as Absent;
        if (absent === "skip") continue;
        if (absent === "fail") return FAIL;
        // The only object default is an empty list: a new one each time, as zod's is.
        out[keys[i] as string] = Array.isArray(absent.value) ? [] : absent.value;
      }
    }
    for (let i = 0; i < check.length; i++)
      if ((check[i] as (v: Record<string, unknown>) => RuleFault[])(out).length) return FAIL;
    return out;
  }
}
