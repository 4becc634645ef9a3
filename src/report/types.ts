import type { Estimate } from "../schema/report.js";
import type { Lang } from "./lang.js";

export interface RenderOptions {
  /** Colour escape codes allowed (decided by the CLI: TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean;
  /** Terminal width in columns; tables fit 80 by default. */
  width: number;
  /** How many alternatives to show per item after the selected option. */
  alternatives: number;
  explain: boolean;
  /** The language of the labels (src/report/labels.ts); default English. */
  lang?: Lang | undefined;
  /** The amounts are one-off (a quote of a number of requests): no "per month". */
  oneOff?: boolean | undefined;
}

export type Renderer = (estimate: Estimate, opts: RenderOptions) => string;

export const DEFAULT_RENDER: RenderOptions = { color: false, width: 80, alternatives: 3, explain: false };
