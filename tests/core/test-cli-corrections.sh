#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# "connecteur-cli corrections": the requests whose judgement the connector
# corrected, as records of the evaluation corpus. Reports TAP.
# Usage: test-cli-corrections.sh PATH-TO-CONNECTEUR-CLI

set -u

cli=${1:?usage: test-cli-corrections.sh PATH-TO-CONNECTEUR-CLI}
. "$(dirname "$0")/cli-tap.sh"
export LC_ALL=C.UTF-8
unset LANGUAGE

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1 ||
  [ ! -f "${CONNECTEUR_SHARED:-}/corpus/intro_requests.jsonl" ]; then
  echo "1..0 # SKIP python3, sqlite3 and the shared corpus are needed"
  exit 0
fi

db="$tmp/c.db"

"$cli" --help >"$tmp/out" 2>"$tmp/err"
check "--help names the corrections command" grep -q 'corrections' "$tmp/out"

"$cli" --db="$db" demo >/dev/null 2>&1
"$cli" --db="$db" corrections >"$tmp/none" 2>"$tmp/err"
check "without corrections it prints nothing and succeeds" test ! -s "$tmp/none"

# Two corrections of the first request, one of the second, as the window
# stores them (schema 6): objective missing, pushy dismissed; why_you present.
first=$(sqlite3 "$db" "SELECT min(id) FROM requests")
second=$(sqlite3 "$db" "SELECT max(id) FROM requests")
sqlite3 "$db" "INSERT INTO request_corrections (request_id, is_flag, item, kind, updated_at)
  VALUES ($first, 0, 1, 1, 0), ($first, 1, 2, 2, 0), ($second, 0, 3, 0, 0);"

"$cli" --db="$db" corrections >"$tmp/out" 2>"$tmp/err"
check "exit status 0" test $? -eq 0
check "one line per corrected request" test "$(wc -l <"$tmp/out")" -eq 2

# The corpus's own field names and labels, read from its files.
python3 - "$tmp/out" "${CONNECTEUR_SHARED:-}/corpus/intro_requests.jsonl" \
  "$first" "$second" >"$tmp/py" 2>&1 <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
corpus = json.loads(open(sys.argv[2], encoding="utf-8").readline())
first, second = sys.argv[3], sys.argv[4]
for r in out:
    assert list(r.keys()) == list(corpus.keys()), (list(r.keys()), list(corpus.keys()))
    assert list(r["labels"].keys()) == list(corpus["labels"].keys()), r["labels"]
    assert all(isinstance(v, bool) for v in r["labels"].values())
    assert r["verdict"] in ("motivated", "unmotivated")
    assert r["kind"] == "to_target" and r["source"] == "connecteur"
    assert r["lang"] in ("en", "fr", "und")
    assert isinstance(r["has_placeholders"], bool)
a, b = out
assert a["id"] == "connecteur-" + first and b["id"] == "connecteur-" + second, (a["id"], b["id"])
assert a["labels"]["objective"] is False
assert a["labels"]["pushy"] is False
assert b["labels"]["why_you"] is True
assert "objective missing" in a["reason"] and "pushy dismissed" in a["reason"], a["reason"]
assert a["text"]
print("ok")
PY
check "fields, labels and corrections as the corpus has them" grep -qx ok "$tmp/py"
cat "$tmp/py" >&2

# Read only: the database is not written.
before=$(sqlite3 "$db" "SELECT count(*) FROM events")
"$cli" --db="$db" corrections >/dev/null 2>&1
check "the export writes nothing" test "$(sqlite3 "$db" "SELECT count(*) FROM events")" -eq "$before"

echo "1..$n"
[ "$failed" -eq 0 ]
