import type { Renderer } from "./types.js";

/** The output contract, full precision, stable key order (the engine builds objects in one order). */
export const renderJson: Renderer = (estimate) => `${JSON.stringify(estimate, null, 2)}\n`;
