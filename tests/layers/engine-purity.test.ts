import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The engine is pure (STYLE.md): no Node modules, no `process`, no `console`, no clock. Biome's
 * per-folder rules (biome.json `overrides`) catch imports and globals as code is written; this test
 * reads the syntax tree of every file under src/engine/ and fails on any of them, including the
 * clock, which a lint rule cannot tell apart from date arithmetic (`new Date(Date.UTC(…))` is pure,
 * `new Date()` and `Date.now()` are not).
 */

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every impurity in one source text, as `line:col what`. */
function impurities(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (n: ts.Node, what: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    found.push(`${file}:${line + 1}:${character + 1} ${what}`);
  };
  const moduleName = (n: ts.Expression | undefined) =>
    n && ts.isStringLiteralLike(n) && (NODE.has(n.text) || n.text.startsWith("node:")) ? n.text : undefined;
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && moduleName(n.moduleSpecifier))
      at(n, `imports ${moduleName(n.moduleSpecifier)}`);
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (
        (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) &&
        moduleName(n.arguments[0])
      )
        at(n, `loads ${moduleName(n.arguments[0])}`);
      if (ts.isIdentifier(callee) && callee.text === "Date") at(n, "reads the clock: Date()");
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Date" && !n.arguments?.length)
      at(n, "reads the clock: new Date()");
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "Date" &&
      n.name.text === "now"
    )
      at(n, "reads the clock: Date.now");
    if (ts.isIdentifier(n) && ["process", "console", "performance", "globalThis"].includes(n.text)) {
      const parent = n.parent;
      // A property named `process` (o.process, { process: 1 }) is not the global.
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === n) ||
        (ts.isPropertyAssignment(parent) && parent.name === n) ||
        (ts.isPropertySignature(parent) && parent.name === n) ||
        ts.isBindingElement(parent) ||
        (ts.isVariableDeclaration(parent) && parent.name === n) ||
        ts.isParameter(parent);
      if (!isName) at(n, `uses ${n.text}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function engineFiles(dir = "src/engine"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? engineFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("src/engine is pure", () => {
  it("no file under src/engine touches node: modules, process, console or the clock", () => {
    const files = engineFiles();
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => impurities(f, readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });

  it("the check itself catches each kind of impurity (and leaves pure date arithmetic alone)", () => {
    const bad = [
      'import { readFileSync } from "node:fs";',
      'export { join } from "path";',
      'const m = await import("node:os");',
      'const c = require("child_process");',
      "const env = process.env.HOME;",
      'console.log("x");',
      "const t = Date.now();",
      "const d = new Date();",
      "const s = Date();",
      "const p = performance.now();",
    ];
    for (const line of bad) expect(impurities("bad.ts", line), line).toHaveLength(1);
    const pure = [
      "const d = new Date(Date.UTC(2024, 0, 1)).toISOString();",
      'const ms = Date.parse("2024-01-01");',
      "const o = { process: 1, console: 2 }; const x = o.process;",
      'import { estimate } from "./estimate.js";',
    ];
    for (const line of pure) expect(impurities("ok.ts", line), line).toEqual([]);
  });
});
