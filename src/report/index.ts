import { neutralised } from "../escape.js";
import { renderCsv } from "./csv.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderTable } from "./table.js";
import type { Renderer } from "./types.js";

/** One signature for every output format, keyed by name (STYLE.md habit 3). */
export const RENDERERS: Record<string, Renderer> = neutralised({
  table: renderTable,
  json: renderJson,
  markdown: renderMarkdown,
  csv: renderCsv,
});

export const FORMATS = Object.keys(RENDERERS);

export type { Renderer, RenderOptions } from "./types.js";
export { DEFAULT_RENDER } from "./types.js";
