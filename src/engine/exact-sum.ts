/**
 * An exact sum of floating-point numbers (Shewchuk's algorithm, as Python's `math.fsum`): the sum
 * is kept as a list of non-overlapping partials that add up to it exactly, and rounded once at the
 * end. Its value does not depend on the order of the terms, so sums made in parts (the byte ranges
 * of a large usage file, read in parallel: docs/usage.md) give the same number as one made in a
 * single pass. Used for the provider's cost of usage rows, which is a decimal amount per row.
 *
 * Worked example: 0.1 + 0.2 + 0.3 added left to right is 0.6000000000000001; in the order
 * 0.3 + 0.2 + 0.1 it is 0.6. The exact sum of the three doubles, rounded once, is 0.6 either way.
 */

/** Add `x` to the partials (kept in increasing magnitude, none overlapping). */
export function addExact(partials: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The partials' sum, correctly rounded (round half to even, as math.fsum). */
export function exactValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Half-way case: the next partial says which way the rounding of hi + lo must go.
  if (n > 0 && ((lo < 0 && (partials[n - 1] as number) < 0) || (lo > 0 && (partials[n - 1] as number) > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
