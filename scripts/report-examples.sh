#!/usr/bin/env bash
# Issue 15's "Done means", run as written against the built binary: the HTML report of estimate,
# trend, diff, check and estimate --over, each file's size, a check that it is self-contained (no
# script, no stylesheet or script fetched over http(s), no @import, no url(http…)), each opened in
# headless Chromium when it is installed; then the layer rule failing on a deliberate bad import
# (the linter's message shown, the file restored). Prints each command and what it printed; exits
# non-zero when any step fails. Needs `npm run build`; writes reports only in a temporary folder.
#
#   bash scripts/report-examples.sh            (KEEP=1 keeps the reports and prints their folder;
#                                               BROWSER=1 also runs tests/browser/html-reports.test.ts)
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
t="$(mktemp -d)"
bad_file="$root/src/report/format.ts"
backup="$t/format.ts.orig"
restore() {
  if [ -f "$backup" ]; then cp "$backup" "$bad_file" && rm -f "$backup"; fi
  if [ "${KEEP:-}" = 1 ]; then echo "reports kept in $t"; else rm -rf "$t"; fi
}
trap restore EXIT
trap 'exit 130' INT TERM
export NO_COLOR=1
cd "$root" || exit 2
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

[ -f dist/llmcost.cjs ] || { echo "run 'npm run build' first"; exit 2; }
echo "# HTML reports (in $t; names relative to it)"
cd "$t" || exit 2
ln -s "$root/examples" examples
L=(node "$root/bin/llmcost.js")
reports=(
  "report.html|estimate examples/mixed.yaml --format html -o report.html"
  "trend.html|trend gpt-4o gpt-4o-mini --forecast 12m --format html -o trend.html"
  "diff.html|diff examples/ci-base.yaml examples/ci-head.yaml --format html -o diff.html"
  "check.html|check examples/support-assistant.yaml --budget 400 --format html -o check.html"
  "over.html|estimate examples/mixed.yaml --over 2023-01-01..2026-11-01 --format html -o over.html"
  "报告.html|estimate examples/mixed.yaml --format html --lang zh-CN -o 报告.html"
)
chromium="${LLMCOST_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
for entry in "${reports[@]}"; do
  file="${entry%%|*}"
  read -r -a args <<<"${entry#*|}"
  echo
  # Every command here exits 0 (check's budget of 400 holds).
  echo "\$ llmcost ${args[*]}"
  "${L[@]}" "${args[@]}" >"$t/out" 2>"$t/err"
  rc=$?
  sed 's/^/  /' "$t/out" "$t/err" | head -n 4
  echo "  exit $rc"
  [ "$rc" = 0 ] || fail "llmcost ${args[*]} exited $rc"
  [ -s "$file" ] || { fail "$file not written"; continue; }
  bytes=$(wc -c <"$file")
  scripts=$(grep -oi '<script' "$file" | wc -l)
  links=$(grep -oi '<link' "$file" | wc -l)
  fetched=$(grep -oiE '(src|href)="https?://[^"]*\.(js|css|mjs)([?#][^"]*)?"|src="https?://' "$file" | wc -l)
  imports=$(grep -oiE '@import|url\(["'\'']?https?:' "$file" | wc -l)
  sources=$(grep -oiE 'href="https?://' "$file" | wc -l)
  printf '  %s: %s bytes; <script: %s, <link: %s, http(s) src or script/style href: %s, @import or url(http): %s; source links (allowed): %s\n' \
    "$file" "$bytes" "$scripts" "$links" "$fetched" "$imports" "$sources"
  [ "$((scripts + links + fetched + imports))" = 0 ] || fail "$file is not self-contained"
  if [ -n "$chromium" ]; then
    # Opened from the file, offline: Chromium prints the page's DOM once it has laid it out.
    "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
      --disable-sync --no-first-run --user-data-dir="$t/profile" --dump-dom "file://$t/$file" >"$t/dom" 2>/dev/null
    crc=$?
    h1=$(grep -o '<h1[^>]*>[^<]*' "$t/dom" | head -1 | sed 's/<h1[^>]*>//')
    figures=$(grep -o '<svg[^>]*role="img"' "$t/dom" | wc -l)
    printf '  chromium --headless --dump-dom: exit %s, h1 "%s", charts (svg role=img): %s\n' "$crc" "$h1" "$figures"
    [ "$crc" = 0 ] && [ -n "$h1" ] || fail "$file did not open in Chromium"
  fi
done
[ -n "$chromium" ] || echo "(no Chromium found: pages not opened; tests/browser/html-reports.test.ts needs it too)"

echo
echo "# The layer rule on a deliberate bad import"
echo "(src/report/ may not import the engine: biome.json overrides, noRestrictedImports)"
cd "$root" || exit 2
cp "$bad_file" "$backup"
line='import { estimate } from "../engine/estimate.js"; export const layerProbe = estimate;'
echo "\$ echo '$line' >> src/report/format.ts"
echo "$line" >>"$bad_file"
echo "\$ npx biome lint --colors=off src/report/format.ts"
node_modules/.bin/biome lint --colors=off src/report/format.ts >"$t/lint" 2>&1
rc=$?
grep -B2 -A12 'noRestrictedImports' "$t/lint" | head -n 24 | sed 's/^/  /'
echo "  exit $rc"
[ "$rc" != 0 ] && grep -q 'src/report/ only shows data' "$t/lint" || fail "the bad import was not refused with the layer's message"
cp "$backup" "$bad_file"
if cmp -s "$backup" "$bad_file"; then echo "(src/report/format.ts restored, byte for byte)"; else fail "src/report/format.ts not restored"; fi
rm -f "$backup"
echo "\$ npx biome lint src/report/format.ts"
node_modules/.bin/biome lint --colors=off src/report/format.ts >"$t/lint" 2>&1
rc=$?
tail -n 1 "$t/lint" | sed 's/^/  /'
echo "  exit $rc"
[ "$rc" = 0 ] || fail "src/report/format.ts does not lint clean after the restore"

if [ "${BROWSER:-}" = 1 ]; then
  echo
  echo "# Every report kind in Chromium: console, overflow at 1280 and 390 px, drawn charts, axe-core"
  echo "\$ CI=true npx vitest run tests/browser/html-reports.test.ts"
  CI=true node_modules/.bin/vitest run tests/browser/html-reports.test.ts >"$t/browser" 2>&1
  rc=$?
  grep -E "✓|×|Test Files|Tests " "$t/browser" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /'
  echo "  exit $rc"
  [ "$rc" = 0 ] || fail "the browser tests"
fi

echo
if [ "$failures" = 0 ]; then echo "report-examples: all passed"; else echo "report-examples: $failures failed"; fi
[ "$failures" = 0 ]
