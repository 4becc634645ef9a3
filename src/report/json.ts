import type { Renderer } from "./types.js";

/** Any report as JSON: full precision, stable key order (the engine builds objects in one order). */
export const renderJsonValue = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;

/** The output contract, full precision, stable key order (the engine builds objects in one order). */
export const renderJson: Renderer = renderJsonValue;
