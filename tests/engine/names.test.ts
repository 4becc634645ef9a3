import { describe, expect, it } from "vitest";
import { looseName, modelLine, resolveModelName } from "../../src/engine/names.js";
import { boundedDistance, closest, editDistance } from "../../src/hints.js";
import type { ApiModel, CatalogProvider } from "../../src/schema/catalog.js";
import { tinyCatalog } from "../helpers/catalog.js";
import { embedded } from "../helpers/cli.js";

/**
 * A hand-made catalog shaped like the real one (ids, aliases and dates copied from
 * pricing-data/providers/{anthropic,openai,mistral,deepinfra,aws-bedrock}.yaml, trimmed), so the table
 * below does not move when the embedded catalog gains offerings.
 */
function model(id: string, from: string, extra: Partial<ApiModel> = {}, until?: string): ApiModel {
  return {
    id,
    prices: [{ from, input: 1, output: 2, ...(until ? { until } : {}) }],
    ...extra,
  } as ApiModel;
}
function provider(id: string, models: ApiModel[]): CatalogProvider {
  return { provider: { id, name: id, currency: "USD", source: "https://example.com" }, models } as CatalogProvider;
}
const catalog = tinyCatalog([
  provider("openai", [
    model("gpt-4o", "2024-05-13"),
    model("gpt-4o-2024-08-06", "2024-08-06"),
    model("gpt-4o-mini", "2024-07-18", { aliases: ["gpt-4o-mini-2024-07-18"] }),
  ]),
  provider("anthropic", [
    model("claude-3-5-sonnet-20240620", "2024-06-20", {}, "2025-10-28"),
    model(
      "claude-3-5-sonnet-20241022",
      "2024-10-22",
      { aliases: ["claude-3-5-sonnet", "claude-3-5-sonnet-latest"] },
      "2025-10-28",
    ),
    model("claude-3-5-haiku-20241022", "2024-11-04", { aliases: ["claude-3-5-haiku"] }),
    model("claude-3-opus-20240229", "2024-03-04", { aliases: ["claude-3-opus"] }),
    model("claude-sonnet-4-5-20250929", "2025-09-29", { aliases: ["claude-sonnet-4-5"] }),
  ]),
  provider("mistral", [
    model("mistral-large-2402", "2024-02-26"),
    model("mistral-large-2407", "2024-07-24"),
    model("mistral-large-2411", "2024-11-18"),
  ]),
  provider("deepinfra", [
    model("meta-llama/meta-llama-3.1-70b-instruct", "2024-07-23", {
      aliases: ["llama-3.1-70b-instruct"],
      model: "llama-3.1-70b",
    }),
  ]),
  provider("aws-bedrock", [
    model("anthropic.claude-3-5-sonnet-20240620-v1:0", "2024-06-20", { aliases: ["claude-3-5-sonnet-20240620"] }),
  ]),
]);

/** provider/offering of each match, in catalog order; or the failure kind. */
function at(name: string, asOf?: string): string[] | string {
  const r = resolveModelName(catalog, name, asOf);
  if (r.kind !== "found") return r.kind;
  return r.offerings.map((o) => `${o.provider.provider.id}/${o.model.id}`);
}

describe("model names as people type them", () => {
  // input → offerings it must resolve to, per date.
  const table: Array<[string, string | undefined, string[] | string]> = [
    // exact id, any case; a provider prefix with / or :
    ["gpt-4o", "2025-01-01", ["openai/gpt-4o"]],
    ["GPT-4o", "2025-01-01", ["openai/gpt-4o"]],
    ["openai/gpt-4o", "2025-01-01", ["openai/gpt-4o"]],
    ["openai:gpt-4o", "2025-01-01", ["openai/gpt-4o"]],
    ["OpenAI/GPT-4o-Mini", "2025-01-01", ["openai/gpt-4o-mini"]],
    // a provider prefix narrows: anthropic's snapshot only, not Bedrock's
    ["anthropic/claude-3-5-sonnet-20240620", "2024-09-01", ["anthropic/claude-3-5-sonnet-20240620"]],
    [
      "claude-3-5-sonnet-20240620",
      "2024-09-01",
      ["anthropic/claude-3-5-sonnet-20240620", "aws-bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"],
    ],
    // dotted versions fold into the catalog's dashes
    ["claude-3.5-sonnet", "2025-01-01", ["anthropic/claude-3-5-sonnet-20241022"]],
    ["claude-sonnet-4.5", "2025-10-01", ["anthropic/claude-sonnet-4-5-20250929"]],
    ["Claude 3.5 Haiku", "2025-01-01", ["anthropic/claude-3-5-haiku-20241022"]],
    // aliases by date: the alias points at 20241022, first priced 2024-10-22; on 2024-09-01 the
    // snapshot in force was 20240620 (and on 2024-10-22 the alias's own target takes over)
    ["claude-3-5-sonnet", "2024-09-01", ["anthropic/claude-3-5-sonnet-20240620"]],
    ["claude-3-5-sonnet", "2024-10-21", ["anthropic/claude-3-5-sonnet-20240620"]],
    ["claude-3-5-sonnet", "2024-10-22", ["anthropic/claude-3-5-sonnet-20241022"]],
    ["claude-3.5-sonnet", "2024-09-01", ["anthropic/claude-3-5-sonnet-20240620"]],
    // without a date (catalog show, trend): what the alias names
    ["claude-3-5-sonnet", undefined, ["anthropic/claude-3-5-sonnet-20241022"]],
    // an unversioned name: the newest snapshot priced that day
    ["mistral-large", "2024-03-01", ["mistral/mistral-large-2402"]],
    ["mistral-large", "2024-08-01", ["mistral/mistral-large-2407"]],
    ["mistral-large", "2025-06-01", ["mistral/mistral-large-2411"]],
    [
      "Mistral-Large",
      undefined,
      ["mistral/mistral-large-2402", "mistral/mistral-large-2407", "mistral/mistral-large-2411"],
    ],
    // Hugging Face ids: the organisation is not a provider; matched by the part after "/"
    ["meta-llama/Llama-3.1-70B-Instruct", "2025-01-01", ["deepinfra/meta-llama/meta-llama-3.1-70b-instruct"]],
    ["meta-llama/Meta-Llama-3.1-70B-Instruct", "2025-01-01", ["deepinfra/meta-llama/meta-llama-3.1-70b-instruct"]],
    [
      "deepinfra/meta-llama/Meta-Llama-3.1-70B-Instruct",
      "2025-01-01",
      ["deepinfra/meta-llama/meta-llama-3.1-70b-instruct"],
    ],
    ["LLAMA-3.1-70B", "2025-01-01", ["deepinfra/meta-llama/meta-llama-3.1-70b-instruct"]],
    // ambiguous: the start of several model lines
    ["claude-3", "2025-01-01", "ambiguous"],
    ["claude-3.5", "2025-01-01", "ambiguous"],
    // unknown
    ["gtp-4o", "2025-01-01", "unknown"],
    ["openai/claude-3-opus", "2025-01-01", "unknown"],
  ];
  it.each(table)("%s on %s", (name, asOf, expected) => {
    expect(at(name, asOf)).toEqual(expected);
  });

  it("says which snapshot a name stood for on the day", () => {
    const r = resolveModelName(catalog, "claude-3-5-sonnet", "2024-09-01");
    expect(r.kind === "found" && r.notes).toEqual([
      "claude-3-5-sonnet on 2024-09-01 is anthropic/claude-3-5-sonnet-20240620 (the snapshot priced that day)",
    ]);
  });

  it("lists the candidates of an ambiguous name and ranks suggestions for an unknown one", () => {
    const amb = resolveModelName(catalog, "claude-3", "2025-01-01");
    expect(amb).toEqual({
      kind: "ambiguous",
      candidates: ["claude-3-5-haiku", "claude-3-5-sonnet", "claude-3-opus"],
    });
    const unknown = resolveModelName(catalog, "gpt4o-mini", "2025-01-01");
    expect(unknown.kind === "unknown" && unknown.suggestions[0]).toBe("gpt-4o-mini");
  });

  it("resolves the issue's examples on the embedded catalog", () => {
    const real = embedded();
    const names = (n: string, d: string) => {
      const r = resolveModelName(real, n, d);
      return r.kind === "found" ? r.offerings.map((o) => `${o.provider.provider.id}/${o.model.id}`) : r.kind;
    };
    expect(names("openai/gpt-4o", "2025-06-01")).toEqual(["openai/gpt-4o"]);
    expect(names("openai:gpt-4o", "2025-06-01")).toEqual(["openai/gpt-4o"]);
    expect(names("claude-3.5-sonnet", "2025-06-01")).toContain("anthropic/claude-3-5-sonnet-20241022");
    expect(names("claude-sonnet-4.5", "2025-11-01")).toContain("anthropic/claude-sonnet-4-5-20250929");
    expect(names("claude-3-5-sonnet", "2024-09-01")).toContain("anthropic/claude-3-5-sonnet-20240620");
    expect(names("meta-llama/Llama-3.1-70B-Instruct", "2026-06-01")).toContain(
      "deepinfra/meta-llama/meta-llama-3.1-70b-instruct",
    );
    expect(names("mistral-large", "2025-06-01")).toContain("mistral/mistral-large-2411");
  });
});

describe("name forms", () => {
  it("folds separators and finds the model line", () => {
    expect(looseName(" Claude 3.5_Sonnet@20240620 ")).toBe("claude-3-5-sonnet-20240620");
    expect(modelLine("claude-3-5-sonnet-20240620")).toBe("claude-3-5-sonnet");
    expect(modelLine("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(modelLine("anthropic-claude-3-5-sonnet-20240620-v1-0")).toBe("anthropic-claude-3-5-sonnet");
    expect(modelLine("mistral-large-2402")).toBe("mistral-large");
    expect(modelLine("gpt-4o")).toBe("gpt-4o");
  });
});

describe("suggestions are ranked and bounded", () => {
  it("bounded distance agrees with the plain one within the limit", () => {
    const words = ["gpt-4o", "gpt-4o-mini", "gtp-4o", "claude", "", "a", "o1", "kitten", "sitting"];
    for (const a of words)
      for (const b of words) {
        const d = editDistance(a, b);
        for (const limit of [0, 1, 2, 3, 5]) expect(boundedDistance(a, b, limit)).toBe(d <= limit ? d : limit + 1);
      }
    // kitten → sitting: k→s, e→i, +g = 3 (the textbook example)
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("ranks by distance, then the shared prefix, then length", () => {
    expect(closest("gpt-4", ["gpt-4o", "gpt-3", "gpt-4-turbo", "xgpt-4"])).toEqual(["gpt-4o", "gpt-3", "xgpt-4"]);
  });

  it("a 100 KB name gets an answer without comparing all of it", () => {
    // Not timed (tests never time things): the name is cut to 64 characters before comparing,
    // so the answer is what the first 64 characters give.
    const huge = `gpt-4o${"x".repeat(100_000)}`;
    expect(closest(huge, ["gpt-4o", "gpt-4o-mini"])).toEqual(closest(huge.slice(0, 64), ["gpt-4o", "gpt-4o-mini"]));
    expect(resolveModelName(embedded(), huge, "2025-01-01").kind).toBe("unknown");
  });
});
