import * as z from "zod";

/**
 * The quality classes on their own (docs/quality.md), so that a workload's schema and the engine
 * do not build the quality catalog's schemas (src/schema/quality.ts) at every start.
 */

/** The classes, best first. Their order is the contract `sameOrBetterClass` compares by. */
export const QUALITY_CLASSES = ["frontier", "strong", "mid", "basic"] as const;
export const QualityClass = z.enum(QUALITY_CLASSES).meta({
  description: "A quality class, best first: frontier, strong, mid, basic.",
});
export type QualityClass = z.infer<typeof QualityClass>;
