#!/usr/bin/env bash
# Every example of issue 14 ("Hostile input, round 2"), run as written against the built binary:
# the command, its exit code and the first lines of what it printed. docs/reliability.md explains
# each answer. Needs `npm run build`; writes only in a temporary folder.
#
#   bash scripts/reliability-examples.sh
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
L="node $root/bin/llmcost.js"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 2
export NO_COLOR=1

N=2
show() { # show "label" command… — run it; print its exit code, the first N lines of stderr and of stdout
  local label="$1"
  shift
  "$@" >"$t/out" 2>"$t/err"
  local rc=$?
  {
    printf '\n## %s\n$ %s\nexit %s\n' "$label" "${*:1:8}" "$rc"
    head -c 2000 "$t/err" | head -n "$N"
    [ -s "$t/out" ] && head -c 1000 "$t/out" | head -n "$N" | sed 's/^/stdout: /'
  } | sed "s#$t/##g; s#$root/##g"
  N=2
}

w="llmcost: 1
name: w
as_of: 2026-11-01
inference:
  - {name: chat, model: gpt-4o-mini, requests_per_day: 20k, input_tokens: 1200, output_tokens: 250}
"
printf '%s' "$w" >w.yaml

echo "# 1. Date horizons"
show "--over to 9999-12-31 by month" $L estimate w.yaml --over 2024-01-01..9999-12-31 --step month
show "--forecast 300000y" $L trend gpt-4o --forecast 300000y
show "--forecast 8000y" $L trend gpt-4o --forecast 8000y

echo; echo "# 2. Importers"
echo '[null]' >null.json
show "genai-prices on [null]" $L catalog import genai-prices null.json -o out.yaml
node -e '
const m = (id, prices) => ({ id, prices });
const data = [
  { id: "openai", name: "OpenAI", models: [m("ok", { input_mtok: 1, output_mtok: 2 }), m("inf", { input_mtok: "INF", output_mtok: 1 }),
    m("neg", { input_mtok: { base: 1, tiers: [{ start: -5, price: -2 }] }, output_mtok: 1 }),
    { id: "feb30", prices: [{ constraint: { type: "start_date", start_date: "2024-02-30" }, prices: { input_mtok: 1, output_mtok: 2 } }] },
    { id: "y24", prices: [{ constraint: { type: "start_date", start_date: "24-01-01" }, prices: { input_mtok: 1, output_mtok: 2 } }] }] },
];
const text = JSON.stringify(data).replace("\"INF\"", "1e999").replace("[{\"id\":\"openai\"", "[{\"id\":\"x\",\"models\":[]},{\"id\":\"openai\"");
require("fs").writeFileSync("bad.json", text.replace("{\"id\":\"x\",\"models\":[]}", "{\"__proto__\":{\"id\":\"p\"},\"models\":[{\"id\":\"m\",\"prices\":{\"input_mtok\":1}}]}"));
const big = {}; for (let i = 0; i < 40000; i++) big[`model-${i}-${"x".repeat(60)}`] = { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 };
require("fs").writeFileSync("big.json", JSON.stringify(big));
'
show ".inf, __proto__ provider, 2024-02-30, 24-01-01, negative tiers" $L catalog import genai-prices bad.json -o out.yaml
[ -f out.yaml ] && show "  ... and what it wrote is accepted" $L catalog validate out.yaml
show "an overlay past 2 MiB (40,000 models)" $L catalog import litellm big.json -o big.yaml
[ -f big.yaml ] && echo "big.yaml written (it should not be)" || echo "(nothing written)"

echo; echo "# 3. Standard output failures"
show "estimate > /dev/full" sh -c "$L estimate w.yaml > /dev/full"
show "check > /dev/full" sh -c "$L check w.yaml --budget 500 > /dev/full"

echo; echo "# 4. Time and memory bounded by input size"
node -e 'require("fs").writeFileSync("long.yaml", "llmcost: 1\nname: l\ninference:\n  - {name: a, model: \"" + "q".repeat(1e6) + "\", requests: 1, input_tokens: 1}\n")'
s=$(date +%s%N); show "an unknown 1 MB model name" $L estimate long.yaml; echo "($(( ($(date +%s%N) - s) / 1000000 )) ms)"
s=$(date +%s%N); show "50,000 --provider flags" sh -c "$L estimate w.yaml \$(for i in \$(seq 50000); do printf -- '--provider p%s ' \$i; done)"; echo "($(( ($(date +%s%N) - s) / 1000000 )) ms)"
node -e 'let s = "llmcost: 1\nname: n\nx: &n \"" + "z".repeat(2e6 - 400) + "\"\ninference:\n"; require("fs").writeFileSync("alias.yaml", s)' 2>/dev/null
node -e 'let s = "llmcost: 1\nname: n\ninference:\n  - {name: a0, model: &m \"" + "z".repeat(1.9e6) + "\", requests: 1, input_tokens: 1}\n"; for (let i = 1; i < 99; i++) s += `  - {name: a${i}, model: *m, requests: 1, input_tokens: 1}\n`; require("fs").writeFileSync("alias.yaml", s)'
show "a 1.9 MB name aliased by 99 items" $L estimate alias.yaml
$L estimate alias.yaml 2>&1 >/dev/null | wc -c | sed 's/^/  stderr bytes: /'

echo; echo "# 5. Escapes and injection"
node -e 'require("fs").writeFileSync("esc.json", JSON.stringify({ "\u001b[31mred\u001b[0m\u202e": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 } }))'
N=5 show "importer message for a key with ESC and bidi" $L catalog import litellm esc.json --unmapped
printf 'llmcost: 1\nname: csv\ninference:\n  - {name: "=HYPERLINK(\\"http://x\\")", model: gpt-4o-mini, requests: 1, input_tokens: 1}\n  - {name: "@SUM(1)", model: gpt-4o-mini, requests: 1, input_tokens: 1}\n  - {name: "\\t-2+3", model: gpt-4o-mini, requests: 1, input_tokens: 1}\n' >csv.yaml
N=5 show "CSV cells starting with =, @, tab" $L estimate csv.yaml --format csv
printf 'llmcost: 1\nname: md\ninference:\n  - {name: chat, model: gpt-4o-mini, requests: 1000, input_tokens: 100}\nbudget:\n  items: {"</details><img src=x onerror=alert(1)>": 1}\n' >md.yaml
sed -i 's/name: chat/name: "<\/details><img src=x onerror=alert(1)>"/' md.yaml
show "a budget name with HTML, Markdown" sh -c "$L check md.yaml --format markdown 2>/dev/null | grep -m2 -i 'img'"

echo; echo "# 6. Saved estimates"
$L estimate "$root/examples/ci-base.yaml" --format json >base.json
node -e 'const e = JSON.parse(require("fs").readFileSync("base.json", "utf8")); const orig = JSON.stringify(e); for (const it of e.items) { for (const o of it.options) { o.cost = -o.cost; for (const c of o.components) c.cost = -c.cost; } if (it.cost !== null) it.cost = -it.cost; } e.total = -e.total; require("fs").writeFileSync("neg.json", JSON.stringify(e)); Object.assign(e, JSON.parse(orig)); for (const it of e.items) { for (const o of it.options) o.cost = 1.7e308; it.cost = 1.7e308; } e.total = 1.7e308; require("fs").writeFileSync("huge.json", JSON.stringify(e));'
show "diff with negative costs, --fail-above" $L diff neg.json "$root/examples/ci-head.yaml" --fail-above 10%
show "diff with 1.7e308 costs, --fail-above" $L diff huge.json "$root/examples/ci-head.yaml" --fail-above 10%

echo; echo "# 7. Magnitudes and non-finite values"
printf 'llmcost: 1\nname: big\ninference:\n  - {name: a, model: gpt-4o, providers: [openai], requests: 1e15, input_tokens: 2.555e13}\n' >big.yaml
show "a 6.4e22 cost" sh -c "$L estimate big.yaml | grep -m1 -E '\\\$[0-9.]+e'"
show "a zero-token self-host quote" sh -c "$L quote llama-3.1-70b --self-host h100-sxm --input 0 --output 0 --explain | grep -m1 -o 'no limit on requests[^;]*'"

echo; echo "# 8. Overlays that change meaning"
printf 'schema: 1\nprovider: {id: openai, name: OpenAI, currency: CNY, source: https://x.example}\nmodels: []\n' >cny.yaml
show "provider: {id: openai, currency: CNY} alone" $L catalog validate cny.yaml
printf 'schema: 1\nproviders:\n  - provider: {id: acme, name: A, currency: USD, source: https://a.example}\n    models: []\n  - provider: {id: acme, name: A, currency: USD, source: https://a.example}\n    models: []\n' >twice.yaml
show "a provider listed twice" $L catalog validate twice.yaml

echo; echo "# 9. Output files"
cp w.yaml self.yaml
show "estimate self.yaml -o self.yaml" $L estimate self.yaml -o self.yaml
ln -s missing/target.txt dangling.txt 2>/dev/null; mkdir -p missing
show "-o onto a dangling symlink" $L estimate w.yaml -o dangling.txt
[ -L dangling.txt ] && [ -s missing/target.txt ] && echo "  (the link stays; its target was written)"
ln -s loop2 loop1; ln -s loop1 loop2
show "-o onto a symlink loop" $L estimate w.yaml -o loop1
show '-o ""' $L estimate w.yaml -o ""
show "-o -" $L estimate w.yaml -o -
[ -e ./- ] && echo "  a file named - was written (it should not be)" || echo "  (no file named -)"
show "init -" $L init -

echo; echo "# 10. Misleading diagnostics"
printf '%s' "$w" | iconv -f UTF-8 -t UTF-16 >u16.yaml
show "a UTF-16 file" $L estimate u16.yaml
printf '%s' "$w" | tr '\n' '\r' >cr.yaml
show "CR-only line breaks" sh -c "$L estimate cr.yaml | head -1"
for tag in '!!set {a, b}' '!!omap [a: 1]' '!!timestamp 2024-01-01'; do
  printf 'llmcost: 1\nname: t\nx: %s\n' "$tag" >tag.yaml
  show "$tag" $L estimate tag.yaml
done
printf 'llmcost: 1\nname: g\ninference:\n  - name: s\n    model: llama-3.1-70b\n    requests_per_day: 1000\n    input_tokens: 1000\n    output_tokens: 100\n    self_host: {gpu: h100-sxm, price_per_gpu_hour: 1e308}\n' >gpu.yaml
N=4 show "--price-per-gpu-hour of 1e308 (self_host.price_per_gpu_hour)" $L estimate gpu.yaml
N=4 show "quote --price-per-gpu-hour 1e308" $L quote llama-3.1-70b --self-host h100-sxm --price-per-gpu-hour 1e308 --input 1000 --output 100 --requests-per-day 1000
