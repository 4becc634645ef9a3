import type { Renderer } from "./types.js";

/** Any report as JSON: full precision, stable key order (the engine builds objects in one order). */
export const renderJsonValue = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;

/** The output contract, full precision, stable key order (the engine builds objects in one order). */
export const renderJson: Renderer = renderJsonValue;

/** How much JSON text one chunk of `jsonChunks` holds before it is handed on (about 1 MB). */
const CHUNK = 1 << 20;

/**
 * The same text as `renderJsonValue(data)`, byte for byte, in chunks of about a megabyte: a report
 * whose `items` list is long (a 10,000-item estimate is 58 MB of JSON) is written as it is made,
 * never held as one string and then copied into one buffer (issue 15). Each item is stringified
 * inside a wrapper `{"items": [item]}`, which puts it at the indentation it has in the whole
 * document; the wrapper's first and last lines are cut off. tests/report/json.test.ts checks the
 * equality.
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
  let chunk = `${shell.slice(0, at)}\n  "items": [\n`;
  const open = '{\n  "items": [\n'.length;
  const close = "\n  ]\n}".length;
  for (let i = 0; i < items.length; i++) {
    const text = JSON.stringify({ items: [items[i]] }, null, 2);
    chunk += `${text.slice(open, text.length - close)}${i < items.length - 1 ? ",\n" : "\n"}`;
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}  ]${shell.slice(at + '\n  "items": []'.length)}\n`;
}
