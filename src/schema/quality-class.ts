import * as z from "zod";
import { QUALITY_CLASSES } from "./primitive-checks.js";

/**
 * The quality classes on their own (docs/quality.md), so that a workload's schema and the engine
 * do not build the quality catalog's schemas (src/schema/quality.ts) at every start.
 */

/** The classes, best first (the list is in ./primitive-checks.ts, for code that does not load zod). */
export { QUALITY_CLASSES };
export const QualityClass = z.enum(QUALITY_CLASSES).meta({
  description: "A quality class, best first: frontier, strong, mid, basic.",
});
export type QualityClass = z.infer<typeof QualityClass>;
