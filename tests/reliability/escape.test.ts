import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  csvCell,
  htmlText,
  isFormulaCell,
  jsonText,
  markdownText,
  unambiguous,
  visible,
  visibleStrings,
} from "../../src/escape.js";
import { cli, scratchDir } from "../helpers/cli.js";

/** Issue 14, class 5: user-controlled text neutralised at the renderer, per channel. */
describe("escaping per channel", () => {
  it("CSV: formula-leading text gets a quote prefix and is quoted (OWASP); numbers stay numbers", () => {
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) {
      const cell = csvCell(`${lead}HYPERLINK("http://x")`);
      expect(cell.startsWith(`"'`)).toBe(true);
    }
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell("1e-7")).toBe("1e-7");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("chat")).toBe("chat");
    expect(isFormulaCell("=1+1")).toBe(true);
    expect(isFormulaCell("-3")).toBe(false);
  });

  it("Markdown: a name cannot close <details>, open a tag or break a table", () => {
    const s = markdownText("</details><img src=x onerror=alert(1)>|x\n[a](b)");
    expect(s).not.toMatch(/[<>\n]/);
    expect(s).toBe("&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;\\|x \\[a\\](b)");
  });

  it("HTML: element content and attributes", () => {
    expect(htmlText(`<a href="x" title='y'>&`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
  });

  it("terminal and JSON: ESC, C1 and bidi controls become \\u escapes", () => {
    expect(visibleStrings({ a: ["x\u001b[31m", { b: "\u202e" }], n: 1 })).toEqual({
      a: ["x\\u001b[31m", { b: "\\u202e" }],
      n: 1,
    });
    expect(JSON.parse(jsonText(JSON.stringify({ s: "a\u202eb\u0085" })))).toEqual({ s: "a\u202eb\u0085" });
    expect(jsonText(JSON.stringify("\u202e"))).toBe('"\\u202e"');
  });

  it("messages: characters that print as nothing are shown as \\u escapes too; terminal text keeps them", () => {
    // BOM, zero-width space, zero-width joiner, left-to-right mark, soft hyphen, word joiner, line separator
    const s = "a\ufeffb\u200bc\u200dd\u200ee\u00adf\u2060g\u2028h\u001b";
    expect(unambiguous(s)).toBe("a\\ufeffb\\u200bc\\u200dd\\u200ee\\u00adf\\u2060g\\u2028h\\u001b");
    // visible (tables, reports) escapes only the controls: an emoji sequence keeps its joiner
    expect(visible(s)).toBe("a\ufeffb\u200bc\u200dd\u200ee\u00adf\u2060g\u2028h\\u001b");
    expect(unambiguous("plain 中文 ✓")).toBe("plain 中文 ✓");
  });
});

describe("through the CLI", () => {
  const workload = (name: string) => {
    const dir = scratchDir("llmcost-escape-");
    const f = join(dir, "w.yaml");
    writeFileSync(
      f,
      `llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: ${JSON.stringify(name)}, model: gpt-4o-mini, requests: 10, input_tokens: 100}\nbudget: {total: 100, items: {${JSON.stringify(name)}: 50}}\n`,
    );
    return f;
  };

  it("no CSV cell starts a formula", async () => {
    const r = await cli(["estimate", workload('=HYPERLINK("http://evil","x")'), "--format", "csv"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it.each(["estimate", "check"])("%s --format markdown: a budget or item name with HTML stays text", async (cmd) => {
    const r = await cli([cmd, workload("</details><script>x</script>"), "--format", "markdown"]);
    expect(r.stdout).not.toContain("</details><script>");
    expect(r.stdout).not.toContain("<script>");
  });

  it("an unknown model with a byte-order mark inside is quoted with the mark shown", async () => {
    const dir = scratchDir("llmcost-escape-");
    const f = join(dir, "w.yaml");
    writeFileSync(
      f,
      'llmcost: 1\nas_of: 2026-11-01\ninference:\n  - {name: a, model: "nosuch\ufeffmodel", requests: 10}\n',
    );
    const r = await cli(["estimate", f]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown model "nosuch\\ufeffmodel"');
    expect(r.stderr).not.toContain("\ufeff");
  });

  it("importer messages show ESC and bidi from keys escaped", async () => {
    const dir = scratchDir("llmcost-escape-");
    const f = join(dir, "prices.json");
    writeFileSync(f, JSON.stringify({ "\u001b[31mevil\u202e": { litellm_provider: "openai" } }));
    const r = await cli(["catalog", "import", "litellm", f, "--unmapped"]);
    expect(r.stderr).toContain("\\u001b[31mevil\\u202e");
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
  });
});
