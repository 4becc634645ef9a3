/**
 * A deterministic, messy usage log in llmcost's JSON lines: eight known models and unknown ones,
 * rows with and without a provider, several months (some days before a model's first price), cache,
 * batch, reasoning, request counts, provider costs, groups, and bad lines of every kind the reader
 * reports (truncated JSON, negative counts, a time without a zone, blank lines, escapes and spaces
 * that leave the fast path, a non-ASCII model) and models first seen late. Made from a seed, so a
 * failing case can be rebuilt.
 */
export function messyUsageLog(rows: number, seed: number, opts: { cleanUntil?: number } = {}): string {
  /** No bad line and no late model before this share of the rows (so their places are in a later part). */
  const cleanUntil = Math.floor(rows * (opts.cleanUntil ?? 0));
  let s = seed >>> 0 || 1;
  const rand = (n: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % n;
  };
  const models: Array<[string | undefined, string]> = [
    ["openai", "gpt-4o-mini"],
    ["openai", "gpt-4o"],
    ["anthropic", "claude-haiku-4-5-20251001"],
    ["anthropic", "claude-sonnet-4-5-20250929"],
    ["google", "gemini-2.5-flash"],
    ["deepseek", "deepseek-chat"],
    [undefined, "gpt-4o-mini"],
    ["openai", "no-such-model"],
    [undefined, "mystery-x"],
    ["nowhere", "gpt-4o"],
    ["openai", "text-embedding-3-small"],
  ];
  const lines: string[] = [];
  const start = Date.parse("2025-06-01T00:00:00Z");
  for (let i = 0; i < rows; i++) {
    const late = i >= cleanUntil && rand(40) === 0;
    const [provider, model] = late
      ? (["openai", `late-model-${rand(3)}`] as [string, string])
      : (models[rand(models.length)] as [string | undefined, string]);
    const t = new Date(start + Math.floor((i / rows) * 300 * 86_400_000) + rand(86_400) * 1000).toISOString();
    const o: Record<string, unknown> = { timestamp: t };
    if (provider) o.provider = provider;
    o.model = model;
    o.input_tokens = 100 + rand(300_000);
    o.output_tokens = rand(900);
    if (rand(3) === 0) o.cached_tokens = rand(50);
    if (rand(11) === 0) o.batch = true;
    if (rand(9) === 0) o.cost = rand(1000) / 1000;
    if (rand(5) === 0) o.requests = 1 + rand(4);
    if (rand(17) === 0) o.reasoning_tokens = Math.min(rand(20), o.output_tokens as number);
    o.project = `p${rand(5)}`;
    if (rand(19) === 0) o.user = `u${rand(3)}`;
    let line = JSON.stringify(o);
    const bad = i < cleanUntil ? -1 : rand(60);
    if (bad === 0) line = line.slice(0, 40);
    else if (bad === 1) line = line.replace(/"input_tokens":\d+/, '"input_tokens":-5');
    else if (bad === 2) line = line.replace(/Z"/, '"');
    else if (bad === 3) line = "";
    else if (bad === 4) line = line.replace('"model"', ' "model" ');
    else if (bad === 5) line = JSON.stringify({ ...o, model: "gpt-4o\u00e9" });
    else if (bad === 6) line = line.replace('"project":"', '"project":"\\u0070');
    else if (bad === 7) line = JSON.stringify({ ...o, output_tokens: "many" });
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}
