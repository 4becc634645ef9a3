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
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) {
    yield jsonItemText(items[i]);
    yield i < last ? ",\n" : "\n";
  }
  yield `  ]${shell.slice(at + '\n  "items": []'.length)}\n`;
}

const OPEN = '{\n  "items": [\n'.length;
const CLOSE = "\n  ]\n}".length;

/** One element of a document's top-level `items` list, at the indentation it has there (see jsonChunks). */
export function jsonItemText(item: unknown): string {
  const text = JSON.stringify({ items: [item] }, null, 2);
  return text.slice(OPEN, text.length - CLOSE);
}

/**
 * The JSON of a report whose `items` are made one at a time (src/engine/estimate.ts `estimateItems`),
 * the same text as `renderJsonValue({ ...head, items: [every item], ...tail() })`, byte for byte:
 * each item is stringified as it comes from `next` and can be dropped once written, so a
 * 10,000-item estimate is never held, only its text (issue 15). `tail` is called after the last
 * item (an estimate's total and warnings are known only then); it may throw, and the caller that
 * must not write half a report holds the pieces until the end (src/cli/output.ts `holdStream`).
 * `head` must not have `items` or any key of the tail, and the tail no integer-like key (JS puts
 * those first). tests/report/json.test.ts checks the equality.
 */
export function* jsonItemChunks(head: object, next: () => unknown, tail: () => object): Generator<string> {
  let item = next();
  if (item === undefined) {
    yield `${beforeItems(head)}\n  "items": []${after(tail())}\n`;
    return;
  }
  yield jsonItemsOpen(head);
  while (item !== undefined) {
    yield jsonItemText(item);
    item = next();
    yield item === undefined ? "\n" : ",\n";
  }
  yield jsonItemsClose(tail());
}

/** The text of a non-empty `items` list's report up to its first item (see jsonItemChunks). */
export function jsonItemsOpen(head: object): string {
  return `${beforeItems(head)}\n  "items": [\n`;
}

/** The text after a non-empty `items` list's last item and its newline (see jsonItemChunks). */
export function jsonItemsClose(tail: object): string {
  return `  ]${after(tail)}\n`;
}

/** The head's fields, without the closing brace. */
function beforeItems(head: object): string {
  const shell = JSON.stringify({ ...head, items: [] }, null, 2);
  // The last key, so its text ends the shell: `\n  "items": []\n}`.
  return shell.slice(0, shell.length - '\n  "items": []\n}'.length);
}

/** The text after the `items` list: the tail's fields and the closing brace. */
function after(tail: object): string {
  return JSON.stringify({ items: [], ...tail }, null, 2).slice('{\n  "items": []'.length);
}
