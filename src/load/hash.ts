import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

/**
 * A sha256 hasher, with node:crypto loaded on first use: loading it costs several milliseconds, and
 * a plain estimate never hashes (the embedded catalog's digest is computed at build time; only
 * overlays need one at run time).
 */
export function sha256(): Crypto.Hash {
  const load = (id: string) =>
    (process.getBuiltinModule?.(id) ?? createRequire(`${process.cwd()}/`)(id)) as typeof Crypto;
  return load("node:crypto").createHash("sha256");
}
