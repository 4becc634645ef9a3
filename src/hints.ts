/**
 * "Did you mean" suggestions, ranked and bounded.
 *
 * Bounded: a suggestion is only useful within a few edits, so the distance is computed inside a
 * band of `limit` around the diagonal and abandoned as soon as every cell of a row exceeds the
 * limit; a candidate whose length differs by more than the limit is skipped without any work. The
 * word itself is cut to `MAX_WORD` characters first: no id is that long, so a 100 KB name costs
 * what a 64-character one does.
 */

const MAX_WORD = 64;

/** Levenshtein distance (insert, delete, substitute). Plain and unbounded: for short strings. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Math.max(a.length, b.length));
}

/**
 * Levenshtein distance when it is ≤ `limit`, else `limit + 1`. Costs O(limit · min(|a|, |b|)):
 * only cells within `limit` of the diagonal can hold a distance ≤ limit (Ukkonen, 1985).
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  const big = limit + 1;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j <= limit ? j : big;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(n, i + limit);
    cur[0] = i <= limit ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    let rowMin = cur[0] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const sub = (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = (j <= i - 1 + limit ? (prev[j] as number) : big) + 1;
      const ins = (cur[j - 1] as number) + 1;
      const d = Math.min(sub, del, ins, big);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < n) cur[hi + 1] = big;
    if (rowMin > limit) return big;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n] as number, big);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The closest candidates to `word`, best first. A candidate qualifies within a distance that grows
 * with the word's length (a third of it, at least 2), or when it contains the word (a user typing
 * "sonnet" wants the sonnets). Ranked by distance, then the longer shared prefix (people get the
 * start of a name right), then the shorter name, then alphabetically: a total order, so the same
 * input always gives the same hint. `normalize` maps both sides before comparing (model names
 * compare with `.`/`_` folded into `-`); the candidates come back as given.
 */
export function closest(
  word: string,
  candidates: Iterable<string>,
  max = 3,
  normalize: (s: string) => string = (s) => s.toLowerCase(),
): string[] {
  const w = normalize(word.length > MAX_WORD * 4 ? word.slice(0, MAX_WORD * 4) : word).slice(0, MAX_WORD);
  if (w.length === 0) return [];
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: Array<{ d: number; prefix: number; c: string }> = [];
  for (const c of new Set(candidates)) {
    const lc = normalize(c);
    let d = boundedDistance(w, lc, limit);
    if (d > limit && w.length >= 3 && lc.includes(w)) d = limit + (lc.length - w.length) / 1000;
    if (d <= limit + 0.999) scored.push({ d, prefix: commonPrefix(w, lc), c });
  }
  scored.sort(
    (x, y) => x.d - y.d || y.prefix - x.prefix || x.c.length - y.c.length || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0),
  );
  return scored.slice(0, max).map((s) => s.c);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const best = closest(word, candidates);
  if (best.length === 0) return undefined;
  return `did you mean ${best.map((b) => `"${b}"`).join(" or ")}?`;
}
