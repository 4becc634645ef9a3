/** "Did you mean" suggestions by edit distance. */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, sub));
    }
    prev = cur;
  }
  return prev[n] as number;
}

/**
 * The closest candidates to `word`, best first: within a distance that grows with the word's length,
 * or candidates that contain the word (a user typing "sonnet" wants the sonnets).
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: Array<[number, string]> = [];
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    let d = editDistance(w, lc);
    if (d > limit && w.length >= 3 && lc.includes(w)) d = limit + (lc.length - w.length) / 100;
    if (d <= limit + 0.99) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.slice(0, max).map(([, c]) => c);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const best = closest(word, candidates);
  if (best.length === 0) return undefined;
  return `did you mean ${best.map((b) => `"${b}"`).join(" or ")}?`;
}
