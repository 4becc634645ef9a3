import type { Renderer } from "./types.js";

/** Any report as JSON: full precision, stable key order (the engine builds objects in one order). */
export const renderJsonValue = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;

/** The output contract, full precision, stable key order (the engine builds objects in one order). */
export const renderJson: Renderer = renderJsonValue;

/**
 * The same text as `renderJsonValue(data)`, byte for byte, in pieces: a report whose `items` list
 * is long (a 10,000-item estimate is 58 MB of JSON) is written as it is made, never held as one
 * string and then copied into one buffer (issue 15). Each item is stringified inside a wrapper
 * `{"items": [item]}`, which puts it at the indentation it has in the whole document; the
 * wrapper's first and last lines are cut off (a slice: no copy). The pieces are handed on one by
 * one, never glued into bigger strings: the writer (src/cli/output.ts `writeStream`) encodes each
 * into one buffer. Glued, one item with a character past U+00FF (a Chinese note) made the whole
 * string two-byte, and its UTF-8 encoding several times slower. tests/report/json.test.ts checks
 * the equality.
 */
export function* jsonChunks(data: unknown): Generator<string> {
  const items = (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length === 0 || typeof data !== "object" || Array.isArray(data)) {
    yield renderJsonValue(data);
    return;
  }
  // The document with an empty list in its place: everything before and after the items.
  const shell = JSON.stringify({ ...(data as object), items: [] }, null, 2);
  const at = shell.indexOf('\n  "items": []');
  if (at < 0) {
    yield renderJsonValue(data);
    return;
  }
  yield `${shell.slice(0, at)}\n  "items": [\n`;
  const open = '{\n  "items": [\n'.length;
  const close = "\n  ]\n}".length;
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) {
    const text = JSON.stringify({ items: [items[i]] }, null, 2);
    yield text.slice(open, text.length - close);
    yield i < last ? ",\n" : "\n";
  }
  yield `  ]${shell.slice(at + '\n  "items": []'.length)}\n`;
}
