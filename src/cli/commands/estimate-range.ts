import { type EstimateOptions, type EstimateTail, estimateItems, type Problem } from "../../engine/estimate.js";
import { jsonText } from "../../escape.js";
import { jsonItemText } from "../../report/json.js";
import type { ReportOptions } from "../../report/registry.js";
import type { Catalog } from "../../schema/catalog.js";
import type { Workload } from "../../schema/workload.js";
import { writeStream } from "../output.js";

/**
 * The part of a large `estimate --format json` (or `table`) that a worker thread writes (estimate.ts,
 * `parallelReport`): the items from `from` on, as the UTF-8 bytes of their JSON (or table), and the fields after
 * the items. The worker makes every item, in order, from the first: the pack ledger draws free
 * quotas in workload order, so item `from` is the one a single thread makes only after the items
 * before it. Those are priced and let go (the main thread writes them); their cost is what buys the
 * ledger's state, and the problems and totals of the whole estimate, which only a pass over every
 * item gives.
 */
export interface EstimateRangeJob {
  kind: "estimate-range";
}

/** What the main thread sends once it has read and validated the workload. */
export interface EstimateRangeInput {
  workload: Workload;
  opts: EstimateOptions;
  /** The first item whose JSON the worker writes. */
  from: number;
  /**
   * The items are drawn as the estimate table's (src/report/table.ts `tableText`), with these
   * report options, and whether the header names one-off items, instead of written as JSON.
   */
  table?: { oneOff: boolean; report: ReportOptions } | undefined;
}

export interface EstimateRangeResult {
  /**
   * The items' text from `from` on: as JSON each followed by ",\n" but the last by "\n" (as in
   * jsonItemChunks); as the table each as `tableText` draws it.
   */
  bytes: ArrayBuffer[];
  /** The byte lengths used of each buffer. */
  lengths: number[];
  tail: EstimateTail;
  problems: Problem[];
}

export async function estimateRange(input: EstimateRangeInput, catalog: Catalog): Promise<EstimateRangeResult> {
  const items = estimateItems(input.workload, catalog, input.opts);
  // The table's renderer only when the table is asked for: the JSON worker boots without it.
  const table = input.table
    ? (await import("../../report/table.js")).tableText(items.head, input.table.oneOff, input.table.report)
    : undefined;
  let made = 0;
  while (made < input.from && items.next() !== undefined) made++;
  function* pieces(): Generator<string> {
    let item = items.next();
    while (item !== undefined) {
      if (table) {
        yield table.item(item);
        item = items.next();
        continue;
      }
      yield jsonItemText(item);
      item = items.next();
      yield item === undefined ? "\n" : ",\n";
    }
  }
  const bytes: ArrayBuffer[] = [];
  const lengths: number[] = [];
  writeStream(
    { chunks: pieces(), clean: table ? undefined : jsonText },
    (b) => {
      // Each piece in a buffer of its own from its first byte (keep): handed over, not copied.
      bytes.push(b.buffer as ArrayBuffer);
      lengths.push(b.byteLength);
    },
    true,
  );
  const { tail, problems } = items.finish();
  return { bytes, lengths, tail, problems };
}
