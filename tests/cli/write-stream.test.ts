import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdStream, SLICE, textSlices, writeStream } from "../../src/cli/output.js";
import { jsonText } from "../../src/escape.js";
import type { TextStream } from "../../src/report/registry.js";

/** Everything writeStream hands on, copied (it reuses its buffer), and the sizes of the writes. */
function written(pieces: string[], stopAfter = Number.POSITIVE_INFINITY): { text: string; writes: number[] } {
  const out: Buffer[] = [];
  const stream: TextStream = { chunks: pieces, clean: jsonText };
  writeStream(stream, (bytes) => {
    out.push(Buffer.from(bytes));
    return out.length >= stopAfter;
  });
  return { text: Buffer.concat(out).toString("utf8"), writes: out.map((b) => b.length) };
}

describe("writeStream: a report's pieces as UTF-8, in large writes from one buffer", () => {
  it("writes the cleaned text of all pieces, in order, whatever the pieces hold", () => {
    // Pieces with raw control and bidi characters (which jsonText escapes), other scripts, emoji.
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("\u007f", "\u0085", "\u202e", "\u2066", "新人免费额度", "×", "😀", ""),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        expect(written(pieces).text).toBe(jsonText(pieces.join("")));
      }),
      { numRuns: 300 },
    );
  });

  it("gathers small pieces into writes of about a megabyte; a piece too big for the buffer goes alone", () => {
    // 3,000 pieces of 1,000 ASCII characters: 3 MB, in writes of at least 1 MB (2^20) but the last.
    const small = Array.from({ length: 3000 }, (_, i) => String(i % 10).repeat(1000));
    const r = written(small);
    expect(r.text).toBe(small.join(""));
    expect(r.writes.slice(0, -1).every((n) => n >= 1 << 20)).toBe(true);
    expect(r.writes.length).toBe(3);
    // 2 million characters may need 6 MB of UTF-8, more than the 4 MB buffer: written on its own.
    const big = "新".repeat(2_000_000);
    const r2 = written(["a", big, "b"]);
    expect(r2.text).toBe(`a${big}b`);
    expect(r2.writes).toEqual([1, 6_000_000, 1]);
  });

  it("stops when the writer says so (the reader has gone)", () => {
    const pieces = Array.from({ length: 3000 }, () => "x".repeat(1000));
    const r = written(pieces, 1);
    expect(r.writes.length).toBe(1);
  });

  it("writes a long text in slices that never split a surrogate pair", () => {
    // An emoji (two UTF-16 units) across the slice boundary: SLICE - 1 and SLICE.
    for (const before of [SLICE - 1, SLICE - 2, SLICE]) {
      const text = `${"a".repeat(before)}😀${"b".repeat(10)}`;
      const slices = [...textSlices(text)];
      expect(slices.join("")).toBe(text);
      expect(slices.every((s) => !/[\ud800-\udbff]$/.test(s) || s === slices.at(-1))).toBe(true);
      const out: Buffer[] = [];
      writeStream({ chunks: textSlices(text), clean: (t) => t }, (bytes) => {
        out.push(Buffer.from(bytes));
      });
      expect(Buffer.concat(out).toString("utf8")).toBe(text);
    }
  });

  it("holds a stream in full as its bytes (holdStream), and writes those bytes as they are", () => {
    const pieces = ["a", "\u007f", "新人免费额度", "x".repeat(3 << 20), "😀", "b"];
    const held = holdStream({ chunks: pieces, clean: jsonText });
    expect(Array.from(held.chunks).every((c) => typeof c !== "string")).toBe(true);
    const out: Buffer[] = [];
    writeStream(held, (bytes) => {
      out.push(Buffer.from(bytes));
    });
    expect(Buffer.concat(out).toString("utf8")).toBe(jsonText(pieces.join("")));
  });

  it("a stream that throws is thrown by holdStream, before anything could be written", () => {
    function* failing() {
      yield "a";
      throw new Error("a problem at the end");
    }
    expect(() => holdStream({ chunks: failing(), clean: jsonText })).toThrow("a problem at the end");
  });

  it("leaves a stream open when a write throws, so its rest can still be made", () => {
    function* pieces() {
      for (let i = 0; i < 5; i++) yield "x".repeat(1 << 20);
      yield "end";
    }
    const stream = { chunks: pieces(), clean: jsonText };
    expect(() =>
      writeStream(stream, () => {
        throw new Error("ENOSPC");
      }),
    ).toThrow("ENOSPC");
    expect([...stream.chunks].at(-1)).toBe("end");
  });
});
