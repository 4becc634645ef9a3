import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { HTML_CASES } from "../helpers/html-cases.js";

/**
 * `--format html` without a browser: the structure of every report kind against a golden outline
 * (tags, roles, classes and scopes; no text, so a price update does not churn it; runs of identical
 * siblings, such as table rows, folded into one), self-containment, escaping and the language.
 * The browser checks (overflow, charts drawn, axe) are in tests/browser/html-reports.test.ts.
 */

const VOID = new Set(["meta", "br", "hr", "img", "input", "link", "wbr"]);
const KEEP = ["role", "class", "scope", "lang", "open"];

interface Node {
  tag: string;
  attrs: string;
  children: Node[];
}

/** The element tree as indented lines; SVG drawings reduced to their title and description. */
function outline(html: string): string {
  const root: Node = { tag: "#root", attrs: "", children: [] };
  const stack: Node[] = [root];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const [, close, rawTag, rest = ""] = m;
    const tag = (rawTag as string).toLowerCase();
    const top = stack[stack.length - 1] as Node;
    if (close) {
      const at = stack.map((n) => n.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs = KEEP.flatMap((k) => {
      const a = new RegExp(`\\s${k}(?:="([^"]*)")?`).exec(rest);
      return a ? [`${k}${a[1] !== undefined ? `=${a[1]}` : ""}`] : [];
    }).join(" ");
    const node: Node = { tag, attrs, children: [] };
    const inSvg = stack.some((n) => n.tag === "svg");
    if (!inSvg || tag === "title" || tag === "desc") top.children.push(node);
    if (!VOID.has(tag) && !rest.trim().endsWith("/")) stack.push(node);
  }
  const lines: string[] = [];
  const walk = (n: Node, depth: number) => {
    let last = "";
    for (const c of n.children) {
      const sub: string[] = [];
      const save = lines.length;
      lines.push(`${"  ".repeat(depth)}${c.tag}${c.attrs ? `[${c.attrs}]` : ""}`);
      walk(c, depth + 1);
      sub.push(...lines.splice(save));
      const text = sub.join("\n");
      if (text === last) {
        if (!lines[lines.length - 1]?.endsWith("…")) lines.push(`${"  ".repeat(depth)}…`);
        continue;
      }
      last = text;
      lines.push(...sub);
    }
  };
  walk(root, 0);
  return `${lines.join("\n")}\n`;
}

describe("HTML reports: structure", () => {
  it.each(HTML_CASES.filter((c) => c.golden !== false))("$name", async ({ name, args }) => {
    const r = await cli([...args, "--format", "html"]);
    expect(r.exitCode === 0 || r.exitCode === 1, r.stderr).toBe(true);
    await expect(outline(r.stdout)).toMatchFileSnapshot(`../golden/html/${name}.outline`);
  });
});

describe("HTML reports: self-contained, escaped, translated", () => {
  it("no script, no external resource: only links to sources", async () => {
    for (const c of HTML_CASES) {
      const html = (await cli([...c.args, "--format", "html"])).stdout;
      expect(html, c.name).toMatch(/^<!doctype html>\n<html lang="(en|zh-CN)">/);
      expect(html, c.name).not.toMatch(/<script|<link|<iframe|<img|@import|url\(\s*['"]?https?:|\ssrc=/i);
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href, c.name).toMatch(/^https?:\/\//);
    }
  });

  it("escapes what a workload says: a name cannot open a tag", async () => {
    const stdin = `llmcost: 1\nname: "</title><script>alert(1)</script>"\nas_of: 2026-11-01\ninference:\n  - {name: "<b>chat</b>", model: gpt-4o-mini, requests_per_day: 100, input_tokens: 500, output_tokens: 100}\n`;
    const r = await cli(["estimate", "-", "--format", "html"], { stdin });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("<script");
    expect(r.stdout).not.toContain("<b>chat");
    expect(r.stdout).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("--lang zh-CN: the page and its labels in Chinese, ids and numbers untouched", async () => {
    const r = await cli(["estimate", "examples/mixed.yaml", "--format", "html", "--lang", "zh-CN"]);
    expect(r.stdout).toContain('<html lang="zh-CN">');
    expect(r.stdout).toContain("合计");
    expect(r.stdout).toContain("各项目成本（按组成）");
    expect(r.stdout).toContain("llama-3.1-70b");
  });

  it("the explanation of every number is in the page, folded", async () => {
    const r = await cli(["estimate", "examples/support-assistant.yaml", "--format", "html"]);
    expect(r.stdout).toMatch(/<details><summary>How each number was computed \(\d+\)<\/summary>/);
    expect(r.stdout).toContain("<code>");
  });

  it("a kind without the format is refused with the formats it has", async () => {
    const r = await cli(["estimate", "examples/mixed.yaml", "--format", "svg"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("the estimate report has no svg format");
    expect(r.stderr).toContain("expected: one of table, json, markdown, csv, html");
  });
});
