#!/bin/bash
# Saves what connecteur-cli prints on the shared corpus and fixtures, to compare two builds
# (a refactor must leave it unchanged): help in English and French, analyze and triage of
# each corpus file, each fixture imported twice then listed, the example data listed.
# Dates that depend on the clock and temporary paths are masked.
# Usage: tools/cli-snapshot.sh OUTDIR [BUILD_DIR]   (then: diff -r OUT_A OUT_B)
# Reads ../shared (or $CONNECTEUR_SHARED) in place; exits 77 when it is absent.
# Bash only (arrays, process substitution): under sh it would stop half-way.
[ -n "${BASH_VERSION:-}" ] || { echo "cli-snapshot: run it with bash, not sh" >&2; exit 2; }
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: cli-snapshot.sh OUTDIR [BUILD_DIR]}
build=${2:-$root/build}
cli=$build/src/connecteur-cli
shared=${CONNECTEUR_SHARED:-$root/../shared}
[ -d "$shared/corpus" ] || { echo "cli-snapshot: $shared/corpus is absent" >&2; exit 77; }
[ -x "$cli" ] || { echo "cli-snapshot: build first ($cli)" >&2; exit 1; }
export LANG=C.UTF-8 TZ=UTC CONNECTEUR_LOCALEDIR=$build/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
mask () { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z/DATE/g; s#'"$tmp"'#TMP#g'; }

"$cli" --help 2>&1 | mask > "$out/help.txt"
LANGUAGE=fr "$cli" --help 2>&1 | mask > "$out/help-fr.txt"
for f in "$shared"/corpus/*.jsonl; do
  name=$(basename "$f" .jsonl)
  { "$cli" analyze "$f"; echo "exit $?"; } 2>&1 | mask > "$out/analyze-$name.txt"
  # The corpus has no senders nor dates: a few of each, so that triage finds something.
  python3 - "$f" > "$tmp/triage.jsonl" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    note = json.loads(line)
    print(json.dumps({"id": "n%d" % i, "requester": {"name": "Person %d" % (i % 7)},
                      "target": {"name": "Contact %d" % (i % 3)},
                      "received_at": "2026-01-%02dT10:00:00Z" % (1 + i % 28),
                      "note_to_target": note["text"]}))
PY
  { "$cli" triage "$tmp/triage.jsonl"; echo "exit $?"; } 2>&1 | mask > "$out/triage-$name.txt"
done
find "$shared/fixtures" -type f ! -name PROVENANCE.tsv | sort | while read -r f; do
  db=$tmp/import-$RANDOM.db
  echo "== ${f#"$shared"/}"
  "$cli" --db="$db" import auto "$f" 2>&1; echo "exit $?"
  "$cli" --db="$db" import auto "$f" 2>&1; echo "exit $?"
  "$cli" --db="$db" list --json 2>&1
  "$cli" --db="$db" fit --json 2>&1
done | mask > "$out/import.txt"
db=$tmp/demo.db
{ "$cli" --db="$db" demo; "$cli" --db="$db" list --json; "$cli" --db="$db" fit --json; } 2>&1 |
  mask > "$out/demo.txt"
echo "cli-snapshot: wrote $out"
