import { existsSync } from "node:fs";
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import { InputError } from "../../errors.js";
import { schemaIds } from "../../schema/json-schemas.js";
import type { WorkloadInput } from "../../schema/workload.js";
import type { CommandOutput, Io } from "../io.js";
import { schemaComment, schemaFileFor } from "../schema-files.js";

/**
 * `llmcost init [FILE]`: a commented starter workload. Valid by construction: the values are a typed
 * `WorkloadInput` (what users write), turned into YAML by the yaml library, with comments attached
 * to keys; a test prices it with `estimate` at once. Refuses to overwrite without --force.
 */

export function starterWorkload(today: string): WorkloadInput {
  return {
    llmcost: 1,
    name: "my-workload",
    as_of: today,
    currency: "USD",
    period: "month",
    inference: [
      {
        name: "chat",
        model: "gpt-4o-mini",
        requests_per_day: "10k",
        input_tokens: 1000,
        output_tokens: 300,
        cached_input: "50%",
      },
    ],
    budget: { total: 200, items: { chat: 150 } },
  };
}

/** Comments per key path (dot-separated, list indexes as numbers): before the key, or after its value. */
const BEFORE: Record<string, string> = {
  llmcost: " Format version of this file (required).",
  as_of: " Price date: prices in force on this day. Remove it to price at today's prices.",
  currency: " Report currency (ISO 4217): USD, EUR, CNY…",
  period: " Horizon for rates: day | month | year. Training items are one-off.",
  inference: [
    " Inference items, each priced on every provider that offers the model (cheapest selected).",
    " More fields: providers: [openai]   reasoning_tokens: 0   batch: true   cache_write: 10%",
    " Self-hosting too:  self_host: {gpu: h100-sxm, precision: fp8, utilization: 0.6}",
  ].join("\n"),
  budget: " Limits per period, in the report currency: 'llmcost check' exits 1 when one is exceeded.",
  "budget.items": " Per-item limits, by item name.",
};

const AFTER: Record<string, string> = {
  "inference.0.model": " catalog model id or alias: llmcost catalog list",
  "inference.0.requests_per_day": " or requests_per_month, or requests (over the period); k/M/B suffixes",
  "inference.0.input_tokens": " per request, on average",
  "inference.0.output_tokens": " per request, on average",
  "inference.0.cached_input": ' share of input read from the prompt cache: 0.5 or "50%"',
};

function annotate(node: Node | null | undefined, path: string[]): void {
  if (isMap(node)) {
    for (const pair of (node as YAMLMap).items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const p = [...path, key].join(".");
      if (BEFORE[p] && pair.key) pair.key.commentBefore = BEFORE[p];
      if (AFTER[p] && pair.value) pair.value.comment = AFTER[p];
      annotate(pair.value, [...path, key]);
    }
  } else if (isSeq(node))
    node.items.forEach((it, i) => {
      annotate(it as Node, [...path, String(i)]);
    });
}

/**
 * The starter's text. Written to a file, its modeline points at the workload schema that init writes
 * beside it (src/cli/schema-files.ts); printed (`init -`), it says how to get one instead.
 */
export function starterText(today: string, toFile = true): string {
  const doc = new Document(starterWorkload(today));
  doc.commentBefore = [
    ...schemaComment("workload", toFile),
    " An llmcost workload. Price it:   llmcost estimate THIS_FILE",
    " Gate it in CI:                   llmcost check THIS_FILE",
    " Reference: llmcost schema workload, and the README.",
  ].join("\n");
  annotate(doc.contents as Node, []);
  doc.comment = [
    " Training runs are priced too (one-off, not per period), e.g.:",
    " training:",
    "   - {name: finetune, model: llama-3.1-8b, tokens: 1B, gpu: h100-sxm, gpus: 8, mfu: 0.4}",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

export interface InitFlags {
  force?: boolean;
  /** `-o FILE`: the same as the FILE argument (every command writes its file with -o). */
  output?: string;
}

export function runInit(file: string | undefined, flags: InitFlags, io: Io): CommandOutput {
  if (file !== undefined && flags.output !== undefined && file !== flags.output)
    throw new InputError({
      file: "--output",
      message: "two files named: the FILE argument and -o",
      found: `${file} and ${flags.output}`,
      hint: "name the file once: llmcost init FILE, or llmcost init -o FILE",
    });
  const path = file ?? flags.output ?? "llmcost.yaml";
  if (path === "-") return { stdout: starterText(io.today, false) };
  const text = starterText(io.today);
  if (existsSync(path) && !flags.force)
    throw new InputError({
      file: path,
      message: "already exists: not overwritten",
      hint: "choose another file name, or pass --force to replace it",
    });
  return {
    stdout: text,
    file: path,
    alongside: [schemaFileFor("workload", schemaIds(io.embeddedCatalog()))],
    stderr: `next: llmcost estimate ${path}\n`,
  };
}
