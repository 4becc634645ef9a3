#!/usr/bin/env bash
# Every example of issue 13 ("First contact: names as people type them, numbers people can read,
# and llmcost as a library"), run as written against the built binary: each command, its exit code
# and the first lines of what it printed, then the property the issue asks for, checked. Exits 1
# when any property does not hold (the failed checks are listed at the end).
#
#   npm run build && bash scripts/first-contact-examples.sh
#
# Writes only in a temporary folder. The library and `catalog import genai-prices` examples install
# the packed package there (`npm pack`, then `npm install` of the tarball, dependencies from npm's
# cache when it has them); LLMCOST_SKIP_PACK=1 leaves those two out.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/bin/llmcost.js"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 2
export NO_COLOR=1
L() { node "$bin" "$@"; }

failed=()
N=3
run() { # run "label" cmd… — run it; print the command, its exit code and the first N lines of stdout and stderr
  local label="$1"
  shift
  "$@" >"$t/out" 2>"$t/err"
  rc=$?
  {
    # The command as typed, cut at 240 characters (the 100 KB name is shown by its length).
    printf '\n## %s\n$ %s\nexit %s\n' "$label" "$(printf '%s' "$*" | sed -E 's/x{200,}/"$(cat name100k)"/' | head -c 240)" "$rc"
    [ -s "$t/out" ] && head -c 4000 "$t/out" | head -n "$N" | cut -c1-240
    [ -s "$t/err" ] && head -c 2000 "$t/err" | head -n "$N" | cut -c1-240 | sed 's/^/stderr: /'
  } | sed "s#$t/##g; s#$root/##g; s#node $bin#llmcost#g; s#^\\$ L #\$ llmcost #"
  N=3
}
ok() { printf '  ok: %s\n' "$1"; }
bad() {
  printf '  FAILED: %s\n' "$1"
  failed+=("$1")
}
# expect "what" PATTERN — stdout and stderr of the last run match the extended regexp
expect() { if cat "$t/out" "$t/err" | grep -Eq -- "$2"; then ok "$1"; else bad "$1"; fi; }
# expect_text "what" PATTERN — as expect, with wrapped lines joined (a message broken at 80 columns)
expect_text() {
  local m
  m=$(cat "$t/out" "$t/err" | tr '\n' ' ' | tr -s ' ' | grep -Eo -- ".{0,80}$2" | head -1)
  if [ -n "$m" ]; then ok "$1: …${m}"; else bad "$1"; fi
}
# refuse "what" PATTERN — nothing of the last run matches
refuse() { if cat "$t/out" "$t/err" | grep -Eq -- "$2"; then bad "$1"; else ok "$1"; fi; }
exit_is() { if [ "$rc" = "$1" ]; then ok "exit $1"; else bad "exit $1 (got $rc): $2"; fi; }
# widest FILE — the widest line of FILE in terminal cells (string-width, as the tables measure). A
# source URL alone on its line (--explain) is not broken, so it is not counted.
widest() {
  node -e '
    const sw = require(process.argv[1]);
    const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n");
    const url = /^\s*\(?https?:\/\/\S+$/;
    console.log(Math.max(0, ...lines.filter((l) => !url.test(l)).map((l) => sw(l))));' "$root/node_modules/string-width" "$1"
}
fits80() { local w; w=$(widest "$t/out"); if [ "$w" -le 80 ]; then ok "$1: widest line $w cells ≤ 80"; else bad "$1: widest line $w cells > 80"; fi; }

cat >w.yaml <<'EOF'
llmcost: 1
name: support
as_of: 2026-11-01
inference:
  - {name: chat, model: gpt-4o-mini, requests_per_day: 20k, input_tokens: 1200, output_tokens: 250}
EOF

echo "# 1. Names as people type them (workloads, quote, catalog show, trend)"
names=(openai/gpt-4o openai:gpt-4o claude-3.5-sonnet claude-sonnet-4.5 meta-llama/Llama-3.1-70B-Instruct mistral-large GPT-4O)
# What each must resolve to on 2026-11-01 (docs/names.md): the offering(s) priced.
want=("openai gpt-4o " "openai gpt-4o " "claude-3-5-sonnet-20241022" "claude-sonnet-4-5" "llama-3.1-70b-instruct" "mistral mistral-large-[0-9]{4}" "gpt-4o")
{
  echo "llmcost: 1"
  echo "name: names"
  echo "as_of: 2026-11-01"
  echo "inference:"
  for n in "${names[@]}"; do echo "  - {name: \"$n\", model: \"$n\", requests: 1, input_tokens: 1000, output_tokens: 200}"; done
} >names.yaml
N=0 run "a workload naming each" L estimate names.yaml --format json
priced=$(jq -r '[.items[] | select(.status == "priced")] | length' "$t/out" 2>/dev/null)
if [ "$priced" = "${#names[@]}" ]; then ok "all ${#names[@]} items priced"; else bad "workload names: $priced of ${#names[@]} priced"; fi
jq -r '.items[] | "  \(.name) → \(.options[0].provider)/\(.options[0].offering)"' "$t/out"
for i in "${!names[@]}"; do
  n="${names[$i]}"
  N=6 run "quote $n" L quote "$n" --input-tokens 1000 --output-tokens 200 --as-of 2026-11-01
  exit_is 0 "quote $n"
  expect "quote $n prices ${want[$i]}" "${want[$i]}"
  N=2 run "catalog show $n" L catalog show "$n"
  exit_is 0 "catalog show $n"
  N=2 run "trend $n" L trend "$n" --since 2024-01-01 --until 2026-11-01 --format json
  exit_is 0 "trend $n"
done
N=8 run "openai/gpt-4o is that provider's offering only" L quote openai/gpt-4o --input-tokens 1000 --as-of 2026-11-01 --format json
[ "$(jq -r '[.items[0].options[].provider] | unique | join(",")' "$t/out")" = openai ] && ok "only openai" || bad "openai/gpt-4o: not only openai"

echo; echo "# 2. Aliases resolve by date"
N=12 run "claude-3-5-sonnet on 2024-09-01" L quote claude-3-5-sonnet --input-tokens 1000 --as-of 2024-09-01
exit_is 0 "alias by date"
expect "the 20240620 snapshot is priced" "anthropic +claude-3-5-sonnet-20240620"
cat >alias.yaml <<'EOF'
llmcost: 1
name: alias
inference:
  - {name: chat, model: claude-3-5-sonnet, providers: [anthropic], requests_per_day: 1k, input_tokens: 1000, output_tokens: 200}
EOF
N=0 run "estimate --over follows the alias across snapshots" L estimate alias.yaml --over 2024-07-01..2025-01-01 --step quarter --format json
jq -r '.points[] | "  \(.date)  \(.sources[0].offering // "-")"' "$t/out"
expect "2024-07-01 prices the 20240620 snapshot" '"offering": "claude-3-5-sonnet-20240620"'
expect "2025-01-01 prices the 20241022 snapshot" '"offering": "claude-3-5-sonnet-20241022"'

echo; echo "# 3. Ambiguous and unknown names; suggestions bounded"
run "ambiguous" L quote claude-3 --input-tokens 100
exit_is 2 "ambiguous name"
expect "lists its candidates" 'names several models'
expect "…with the candidates" 'it could be claude-3-5-haiku, claude-3-5-sonnet'
run "unknown" L quote gtp-4o --input-tokens 100
exit_is 2 "unknown name"
expect "ranked suggestion" 'did you mean "gpt-4o"'
node -e 'process.stdout.write("x".repeat(100 * 1024))' >name100k
s=$(date +%s%N)
N=2 run "a 100 KB name" L quote "$(cat name100k)" --input-tokens 100
ms=$(( ($(date +%s%N) - s) / 1000000 ))
exit_is 2 "100 KB name"
echo "  ($ms ms; stderr $(wc -c <"$t/err") bytes)"
if [ "$ms" -lt 3000 ]; then ok "answered in $ms ms (< 3 s)"; else bad "100 KB name took $ms ms"; fi
if [ "$(wc -c <"$t/err")" -lt 2000 ]; then ok "message bounded"; else bad "100 KB name: message of $(wc -c <"$t/err") bytes"; fi

echo; echo "# 4. Numbers people can read"
N=14 run "one gpt-4o-mini request of 100 tokens" L quote gpt-4o-mini --input-tokens 100 --as-of 2025-06-01 --provider openai
expect "about \$0.000015" 'Total: \$0\.000015$'
refuse "no \$0.0000" '\$0\.0000( |$)'
expect '"1 request", not "1 requests"' '^  1 request ·'
refuse 'no "1 requests"' '(^|[^0-9,.])1 requests'
expect "a one-off quote says one-off" 'USD one-off'
refuse "…and not per month" 'per month'

cat >cjk.yaml <<'EOF'
llmcost: 1
name: 客服助手工作负载（中文名称测试）
as_of: 2026-11-01
currency: CNY
inference:
  - {name: 智能客服对话（高峰时段）与知识库检索增强生成, model: qwen-max, requests_per_day: 20k, input_tokens: 1200, output_tokens: 250}
  - {name: 夜间批量摘要任务, model: deepseek-chat, requests_per_day: 5k, input_tokens: 3000, output_tokens: 400}
EOF
sed 's/20k/26k/; s/deepseek-chat/qwen-plus/' cjk.yaml >cjk-head.yaml
for c in "estimate cjk.yaml" "estimate cjk.yaml --explain" "diff cjk.yaml cjk-head.yaml" "optimize cjk.yaml" "check cjk.yaml --budget 100" "estimate cjk.yaml --over 2024-01-01..2026-11-01 --step year"; do
  # shellcheck disable=SC2086
  N=4 run "80 columns with CJK: $c" L $c
  fits80 "$c"
  refuse "$c: nothing cut (…)" '[^ ]…'
done
N=6 run "the issue's cut figures: \$1,145,138 and +\$168,137.43 (+311%) style rows" L quote gpt-4o --input-tokens 50k --output-tokens 4k --requests-per-day 300k --as-of 2026-11-01
fits80 "big figures"
refuse "no figure cut" '[0-9]…'
N=10 run "two deepinfra llama-3.1-70b rows stay distinct" L quote llama-3.1-70b --input-tokens 1000 --as-of 2026-11-01 --provider deepinfra
expect "…-instruct-turbo whole" '│ +meta-llama-3\.1-70b-instruct-turbo +│'
expect "…-instruct whole" '│ +meta-llama-3\.1-70b-instruct +│'
refuse "no name cut" 'meta-llama-3\.1-70b-inst…'
cat >big-base.yaml <<'EOF'
llmcost: 1
name: big
as_of: 2026-11-01
inference:
  - {name: chat, model: gpt-4o-mini, providers: [openai], requests_per_day: 300k, input_tokens: 50k, output_tokens: 4k}
EOF
sed 's/gpt-4o-mini/gpt-4o/' big-base.yaml >big-head.yaml
N=9 run "a diff of seven-figure amounts and a four-digit percentage" L diff big-base.yaml big-head.yaml
fits80 "big diff"
expect "the change whole" '\+\$1,415,287\.50 +\+1567%'
refuse "no figure cut" '[0-9]…'

N=12 run "huge values keep their magnitude" L quote gpt-4o --input-tokens 1e12 --output-tokens 1e12 --requests-per-day 1e9 --as-of 2026-11-01
expect "magnitude shown (e17)" 'Total: \$3\.80e17 per month'
refuse 'never "$6.38750000…"' '\$[0-9]\.[0-9]{8}'
cat >huge.yaml <<'EOF'
llmcost: 1
name: huge
as_of: 2026-11-01
inference:
  - {name: chat, model: gpt-4o, providers: [openai], requests_per_day: 1e12, input_tokens: 1e10, output_tokens: 1}
EOF
N=4 run "6.4e22-size totals" L estimate huge.yaml
expect "written with its exponent" 'Total: \$[0-9.]+e[0-9]{2} per month'
refuse "never a long run of digits" '\$[0-9]\.[0-9]{8}'

N=40 run "--explain shows formatted numbers" L estimate "$root/examples/support-assistant.yaml" --explain --provider openai
expect "292,000,000 × 0.15 ÷ 1e6 = 43.8" '292,000,000 × 0\.15 ÷ 1e6 = 43\.8'
refuse "never 608333333.3333334" '[0-9]{7,}\.[0-9]{4,}'

echo; echo "# 5. Honest context"
N=8 run "a CNY price converted to EUR at an old rate" L estimate cjk.yaml --currency EUR
expect_text "stale exchange rate warned" 'exchange rate of [0-9-]+, [0-9]+ days older'
N=4 run "--as-of past the newest catalog date" L quote gpt-4o-mini --input-tokens 100 --as-of 2031-01-01
expect_text "warned" 'warning: as of 2031-01-01 is [0-9]+ days past the newest date'
N=0 run "--over: dates with nothing priced" L estimate "$root/examples/support-assistant.yaml" --over 2023-01-01..2026-11-01 --step year --format json
jq -c '.points[] | {date, total}' "$t/out" | sed 's/^/  /'
[ "$(jq -r '.points[0].total' "$t/out")" = null ] && ok "2023-01-01 total is null, not 0" || bad "--over: 2023-01-01 total not null"
N=8 run "…and in the table" L estimate "$root/examples/support-assistant.yaml" --over 2023-01-01..2026-11-01 --step year
expect "shown as –, not \$0" '2023-01-01 +– '
refuse "never \$0.00 for nothing priced" '2023-01-01 +\$0'

echo; echo "# 6. diff that says why"
cat >base.yaml <<'EOF'
llmcost: 1
name: assistant
as_of: 2026-11-01
inference:
  - {name: chat, model: gemini-2.5-flash, providers: [google], requests_per_day: 400k, input_tokens: 200, output_tokens: 100}
EOF
sed 's/gemini-2.5-flash, providers: \[google\], requests_per_day: 400k/gpt-5-mini, providers: [openai], requests_per_day: 480k/' base.yaml >head.yaml
# base: 400k/day × 365/12 = 12,166,667 requests × (200 × $0.30 + 100 × $2.50)/1M = $3,771.67
# the switch at the old traffic: × (200 × $0.25 + 100 × $2.00)/1M = $3,041.67 → −$730.00
# 20% more requests at gpt-5-mini's cost: 0.2 × $3,041.67 = +$608.33; total −$121.67
N=14 run "a model switch plus 20% more traffic" L diff base.yaml head.yaml
expect "model switch −\$730.00" 'model changed -\$730\.00'
expect "traffic +\$608.33" 'traffic volume \+\$608\.33'
expect "they add up to the change" '-\$121\.67'

echo; echo "# 7. Consistent commands"
run "quote's token counts: --input-tokens / --output-tokens, -o FILE" L quote gpt-4o-mini --input-tokens 2000 --output-tokens 500 -o q.json --format json
exit_is 0 "-o"
[ -s q.json ] && ok "q.json written" || bad "quote -o q.json wrote nothing"
run "the old spellings keep working, with a note" L quote gpt-4o-mini --input 2000 --output 500 --format json
exit_is 0 "old spellings"
expect "note for --input" 'note: --input is the old spelling of --input-tokens'
expect "note for --output N" 'note: --output 500 is read as --output-tokens 500'
jq -e '.items[0].quantities.output_tokens == 500' "$t/out" >/dev/null 2>&1 && ok "--output 500 still means 500 output tokens" || bad "--output 500 not read as output tokens"
for c in "estimate w.yaml" "diff w.yaml w.yaml" "trend gpt-4o" "catalog list" "schema workload"; do
  # shellcheck disable=SC2086
  N=1 run "-o on $c" L $c -o "o-${c%% *}.out"
  exit_is 0 "$c -o"
done

echo '{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5},
 "openai/gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}}' >dup.json
mkdir -p imported
N=6 run "an import summary names the id a duplicate collides with" L catalog import litellm dup.json -o imported/dup.yaml
expect "names gpt-4o and the key it came from" 'skipped openai/gpt-4o: duplicates gpt-4o \(the id imported from key gpt-4o\)'
resolves_later=imported/dup.yaml
N=0 run "the workload JSON Schema lets an editor suggest ids" L schema workload
for k in catalog_model_ids catalog_provider_ids catalog_gpu_ids; do
  n=$(jq -r --arg k "$k" '.definitions[$k].enum // .definitions[$k].anyOf[0].enum // [] | length' "$t/out")
  if [ "${n:-0}" -gt 0 ]; then ok "$k: $n ids to suggest"; else bad "schema workload: no $k"; fi
done
jq -e '.definitions.catalog_model_ids | tostring | contains("gpt-4o-mini")' "$t/out" >/dev/null && ok "gpt-4o-mini among them" || bad "gpt-4o-mini not suggested"

mkdir -p sub other/deeper
N=2 run "init writes a \$schema that resolves" L init sub/w.yaml
N=2 run "optimize --apply -o into another directory keeps \$schema resolving" L optimize "$root/examples/ci-base.yaml" --apply all -o other/deeper/cheaper.yaml
exit_is 0 "optimize --apply -o"
# resolves FILE — the file's $schema modeline (or $schema: key), read relative to FILE's directory, exists
resolves() {
  local ref
  ref=$(grep -Eo -m1 '(\$schema=|^\$schema: *)[^ ]+' "$1" | sed -E 's/^\$schema(=|: *)//; s/^["'\'']//; s/["'\'']$//')
  if [ -n "$ref" ] && [ -f "$(dirname "$1")/$ref" ]; then ok "$1: \$schema $ref resolves"; else bad "$1: \$schema '$ref' does not resolve"; fi
}
resolves sub/w.yaml
resolves other/deeper/cheaper.yaml
resolves "$resolves_later"
head -1 other/deeper/cheaper.yaml | sed 's/^/  /'

echo; echo "# 8. Help and completion"
N=12 run "help" L --help
fits80 "llmcost --help"
N=30 run "quote --help" L quote --help
fits80 "llmcost quote --help"
expect "documents --input-tokens" '--input-tokens <n>'
refuse "old spellings hidden from help" '--input <|--output-file'
# No stray line break in any command's help: a paragraph is wrapped greedily, so a line followed by a
# continuation whose first word would have fitted on it was broken by hand (tests/cli/help-layout.test.ts);
# a line that ends a sentence is not counted.
node - "$bin" "$root/node_modules/string-width" >"$t/out" 2>"$t/err" <<'EOF2'
const [bin, swPath] = process.argv.slice(2);
const sw = require(swPath);
const { execFileSync } = require("node:child_process");
const help = (args) => execFileSync(process.execPath, [bin, ...args, "--help"], { encoding: "utf8", env: { NO_COLOR: "1" } });
const commands = (text) => ((text.split("Commands:")[1] ?? "").split("\n\n")[0] ?? "").split("\n").map((l) => /^ {2}([a-z-]+)/.exec(l)?.[1]).filter((c) => c && c !== "help");
const all = [[], ...commands(help([])).map((c) => [c])];
for (const c of commands(help(["catalog"]))) all.push(["catalog", c]);
let stray = 0;
for (const args of all) {
  const lines = help(args).split("\n");
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i].trimEnd(), b = lines[i + 1];
    if (!a.trim() || !b.trim()) continue;
    const ia = a.length - a.trimStart().length, ib = b.length - b.trimStart().length;
    const continuation = (ia === 0 && ib === 0 && !a.endsWith(":")) || ib > 4;
    // A line ending a sentence (the top help's question, then its answer) is a break by choice.
    if (continuation && !/[.?!]$/.test(a) && sw(a) + 1 + sw(b.trim().split(/\s+/)[0]) <= 80) {
      stray++;
      console.log(`llmcost ${args.join(" ")} --help: ${a.trim()} ⏎ ${b.trim()}`);
    }
  }
}
console.log(`${all.length} help screens, ${stray} stray line breaks`);
EOF2
tail -4 "$t/out" | sed 's/^/  /'
if grep -q ' 0 stray line breaks' "$t/out"; then ok "no stray line breaks in help"; else bad "stray line breaks in help"; fi
for sh in bash zsh fish; do
  N=2 run "completion $sh" L completion "$sh"
  exit_is 0 "completion $sh"
  expect "completes commands" 'estimate'
  expect "completes model ids" 'gpt-4o-mini'
  cp "$t/out" "completion.$sh"
  if command -v "$sh" >/dev/null; then
    if "$sh" -n "completion.$sh" 2>"$t/syntax"; then ok "$sh -n: the script parses"; else bad "$sh -n: $(head -1 "$t/syntax")"; fi
  else
    echo "  ($sh not installed: syntax not checked)"
  fi
done
if command -v bash >/dev/null; then
  words=$(bash -c "source completion.bash; COMP_WORDS=(llmcost quote gpt-4o-m); COMP_CWORD=2; _llmcost 2>/dev/null || true; printf '%s\n' \"\${COMPREPLY[@]}\"" | head -3 | tr '\n' ' ')
  echo "  bash: llmcost quote gpt-4o-m<TAB> → $words"
  case "$words" in *gpt-4o-mini*) ok "bash completes a model id" ;; *) bad "bash: no model completion ($words)" ;; esac
fi

echo; echo "# 9. Installed from the packed tarball: the library, and catalog import genai-prices"
if [ "${LLMCOST_SKIP_PACK:-}" = 1 ]; then
  echo "  (LLMCOST_SKIP_PACK=1: left out)"
else
  mkdir packs app
  (cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$t/packs" >/dev/null)
  (cd app && echo '{"name":"app","private":true,"type":"module"}' >package.json &&
    npm install "$t"/packs/*.tgz --prefer-offline --no-audit --no-fund --ignore-scripts --silent >/dev/null 2>&1)
  cat >app/lib.mjs <<'EOF'
import { embeddedCatalog, estimateOver, quote, trendReport, workload } from "llmcost";
import * as core from "llmcost/core";
const catalog = embeddedCatalog();
const q = core.quote(core.embeddedCatalog(), "openai/gpt-4o-mini", { input: 100 }, { asOf: "2025-06-01", currency: "USD" });
const w = workload({ name: "w", inference: [{ name: "chat", model: "claude-3-5-sonnet", providers: ["anthropic"], requests_per_day: "1k", input_tokens: 1000 }] });
const over = estimateOver(w, catalog, { from: "2024-01-01", to: "2025-01-01", step: "quarter" }).report;
const t = trendReport(catalog, { models: ["openai/gpt-4o"], since: "2024-01-01", until: "2025-12-31" });
console.log(`quote total ${q.estimate.total}`);
console.log(`over ${over.points.map((p) => `${p.date}=${p.total === null ? "null" : p.total.toFixed(2)}`).join(" ")}`);
console.log(`trend ${t.series.map((s) => `${s.label}: ${s.points.length} points`).join(", ")}`);
console.log(`quote (Node entry) ${quote(catalog, "gpt-4o-mini", { input: 100 }, { asOf: "2025-06-01", currency: "USD" }).estimate.items.length} item`);
EOF
  cd app || exit 2
  N=6 run "import llmcost and llmcost/core from ESM" node lib.mjs
  exit_is 0 "library import"
  expect "one gpt-4o-mini request of 100 tokens: 1.5e-05" 'quote total 0\.000015|quote total 1\.5e-05'
  expect "estimateOver: nothing priced on 2024-01-01 is null" 'over 2024-01-01=null'
  expect "trendReport: openai/gpt-4o" 'trend openai/gpt-4o: [0-9]+ points'
  mkdir -p sub
  N=3 run "catalog import genai-prices after a normal install" node node_modules/llmcost/bin/llmcost.js catalog import genai-prices -o sub/genai.yaml
  exit_is 0 "catalog import genai-prices"
  if [ -f sub/genai.yaml ]; then resolves sub/genai.yaml; else bad "genai.yaml not written"; fi
  cd "$t" || exit 2
fi

echo
if [ "${#failed[@]}" -eq 0 ]; then
  echo "all properties hold"
else
  echo "${#failed[@]} properties do not hold:"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
