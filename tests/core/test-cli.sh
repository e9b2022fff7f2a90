#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the built connecteur-cli as a user or a script would, and reports TAP.
# Usage: test-cli.sh PATH-TO-CONNECTEUR-CLI

set -u

cli=${1:?usage: test-cli.sh PATH-TO-CONNECTEUR-CLI}
. "$(dirname "$0")/cli-tap.sh"

have_python=false
if command -v python3 >/dev/null 2>&1 && python3 -c 'import json, sqlite3' 2>/dev/null; then
  have_python=true
fi

# --help and --version
"$cli" --help >"$tmp/out" 2>"$tmp/err"
check "--help exits 0" test $? -eq 0
check "--help names the commands" sh -c "grep -q 'list' '$tmp/out' && grep -q 'demo' '$tmp/out'"
"$cli" -h >/dev/null 2>"$tmp/err"
check "-h exits 0" test $? -eq 0
"$cli" --version >"$tmp/out" 2>"$tmp/err"
check "--version exits 0" test $? -eq 0
check "--version prints the version" grep -Eq '^connecteur-cli [0-9]+\.[0-9]+' "$tmp/out"
# Early returns free what the options hold (the sanitizer run checks leaks).
"$cli" --db "$tmp/unused.db" --version >"$tmp/out" 2>"$tmp/err"
check "--db with --version exits 0" test $? -eq 0
check "--version opens no database" test ! -e "$tmp/unused.db"
"$cli" --db "$tmp/unused.db" no-such-command >"$tmp/out" 2>"$tmp/err"
check "an unknown command with --db exits 2" test $? -eq 2

# Usage errors
"$cli" --db "$tmp/usage.db" frobnicate >"$tmp/out" 2>"$tmp/err"
status=$?
check "an unknown command fails" test $status -ne 0
check "an unknown command is named on stderr" grep -q frobnicate "$tmp/err"
check "an unknown command writes nothing to stdout" test ! -s "$tmp/out"
"$cli" >/dev/null 2>"$tmp/err"
check "no command fails" test $? -ne 0

# A fresh database, in a folder that does not exist yet
db="$tmp/new folder/connecteur.db"
"$cli" --db "$db" list >"$tmp/out" 2>"$tmp/err"
check "list on a fresh database exits 0" test $? -eq 0
check "list on a fresh database prints nothing" test ! -s "$tmp/out"
check "the database file was created" test -f "$db"

# The default path follows $CONNECTEUR_DB
CONNECTEUR_DB="$tmp/from-env.db" "$cli" list >/dev/null 2>"$tmp/err"
check "\$CONNECTEUR_DB chooses the database" test -f "$tmp/from-env.db"

# Example data
"$cli" --db "$db" demo >"$tmp/out" 2>"$tmp/err"
check "demo exits 0" test $? -eq 0
"$cli" --db "$db" list >"$tmp/list" 2>"$tmp/err"
check "list after demo exits 0" test $? -eq 0
lines=$(wc -l <"$tmp/list")
check "list prints the example requests (at least 8 lines)" test "$lines" -ge 8
check "every line has 5 tab-separated fields: id, date, status, requester, target" \
  awk -F '\t' 'NF != 5 || $1 !~ /^[0-9]+$/ || $2 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ ||
               $3 !~ /^(new|asked|ready|forwarded|declined|archived)$/ || $4 == "" { exit 1 }' \
  "$tmp/list"
check "list is sorted newest first" sh -c "cut -f2 '$tmp/list' | sort -c -r"
check "names keep their accents" grep -q 'Hélène Vasseur' "$tmp/list"

# Loading the example data twice is refused and adds nothing
"$cli" --db "$db" demo >/dev/null 2>"$tmp/err"
check "a second demo fails" test $? -ne 0
"$cli" --db "$db" list >"$tmp/list2" 2>"$tmp/err"
check "a failed demo adds nothing" cmp -s "$tmp/list" "$tmp/list2"

# JSON Lines
"$cli" --db "$db" list --json >"$tmp/json" 2>"$tmp/err"
check "list --json exits 0" test $? -eq 0
check "list --json prints one line per request" test "$(wc -l <"$tmp/json")" -eq "$lines"

if $have_python; then
  check "every JSON line parses, with the documented fields, newest first" python3 - "$tmp/json" <<'EOF'
import json, sys
from datetime import datetime
keys = {"id", "received_at", "status", "requester", "target",
        "note_to_connector", "note_to_target"}
previous = None
for line in open(sys.argv[1], encoding="utf-8"):
    obj = json.loads(line)
    assert set(obj) == keys, obj.keys()
    assert isinstance(obj["id"], int)
    when = datetime.fromisoformat(obj["received_at"].replace("Z", "+00:00"))
    assert previous is None or when <= previous
    previous = when
    assert obj["status"] in ("new", "asked", "ready", "forwarded", "declined", "archived")
    assert obj["requester"]
EOF

  # Text the escaper must get right, written behind the tool's back.
  python3 - "$db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rid = db.execute("SELECT id FROM requesters LIMIT 1").fetchone()[0]
note = 'quote " backslash \\ tab \t nl \n cr \r bell \x07 sep \u2028 emoji 🤝 rtl \u200fمرحبا'
db.execute("INSERT INTO requests (requester_id, received_at, source, note_to_connector,"
           " note_to_target, created_at) VALUES (?, 4102444800, 'test', ?,"
           " CAST(X'61FF62C328' AS TEXT), 0)", (rid, note))
db.commit()
EOF
  "$cli" --db "$db" list --json >"$tmp/json" 2>"$tmp/err"
  check "awkward text is escaped into valid JSON" python3 - "$tmp/json" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
first = json.loads(lines[0])
expected = 'quote " backslash \\ tab \t nl \n cr \r bell \x07 sep \u2028 emoji 🤝 rtl \u200fمرحبا'
assert first["note_to_connector"] == expected, first["note_to_connector"]
assert first["note_to_target"] == "a\ufffdb\ufffd(", first["note_to_target"]
assert first["target"] is None
assert first["received_at"] == "2100-01-01T00:00:00Z", first["received_at"]
for line in lines[1:]:
    json.loads(line)
EOF
  "$cli" --db "$db" list >"$tmp/list" 2>"$tmp/err"
  check "a note with line breaks still gives one line per request" \
    test "$(wc -l <"$tmp/list")" -eq $((lines + 1))
else
  for what in "JSON lines parse" "awkward text is escaped" "one line per request"; do
    n=$((n + 1))
    echo "ok $n - $what # SKIP python3 with json and sqlite3 is not available"
  done
fi

# fit: the kind of each stored request and how it suits its contact
"$cli" --db "$db" fit >"$tmp/fit" 2>"$tmp/err"
check "fit exits 0" test $? -eq 0
check "fit prints one line per request" \
  sh -c "test \$(wc -l <'$tmp/fit') -eq \$(wc -l <'$tmp/list')"
check "the job-survey request suits the outplacement consultant" \
  grep -Eq "job_search.good.accepted.*outplacement=outplacement" "$tmp/fit"
if $have_python; then
  "$cli" --db "$db" fit --json >"$tmp/fit.json" 2>"$tmp/err"
  check "fit --json gives one valid object per request, with character spans" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == int(sys.argv[2]), len(rows)
good = [r for r in rows if r["level"] == "good"]
assert good and all(m["end"] > m["start"] for r in good for m in r["matches"])
' "$tmp/fit.json" "$(wc -l <"$tmp/list")"
fi
"$cli" --db "$db" fit 999999 >"$tmp/out" 2>"$tmp/err"
check "fit of an unknown request fails" test $? -ne 0
"$cli" --db "$db" fit nonsense >"$tmp/out" 2>"$tmp/err"
check "fit of a word that is not an id fails and says so" grep -q nonsense "$tmp/err"

# Files that are not ours are refused, named and left untouched
bad="$tmp/notes.db"
printf 'These are my notes, not a database.\n%.0s' $(seq 1 50) >"$bad"
cp "$bad" "$tmp/notes.orig"
"$cli" --db "$bad" list >"$tmp/out" 2>"$tmp/err"
check "a corrupt database gives a non-zero exit" test $? -ne 0
check "the error names the file" grep -qF "$bad" "$tmp/err"
check "the corrupt file is left untouched" cmp -s "$bad" "$tmp/notes.orig"

# A database we may not write is still read; changes fail and say why. As
# root (CI), permissions do not bind: the commands run as "nobody".
ro_dir="$tmp/read-only"
mkdir -p "$ro_dir"
"$cli" --db "$ro_dir/ro.db" demo >/dev/null 2>&1
"$cli" --db "$ro_dir/ro.db" list >"$tmp/ro-expected" 2>/dev/null
chmod 755 "$tmp" "$ro_dir"
chmod 444 "$ro_dir/ro.db"
chmod 555 "$ro_dir"
cp "$ro_dir/ro.db" "$tmp/ro.orig"
as_reader=""
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null 2>&1; then
    as_reader="setpriv --reuid 65534 --regid 65534 --clear-groups"
  else
    as_reader="skip"
  fi
fi
if [ -n "$as_reader" ] && [ "$as_reader" != skip ] && ! $as_reader test -x "$cli"; then
  as_reader="skip" # the build lives where "nobody" may not go
fi
if [ "$as_reader" = skip ]; then
  n=$((n + 1))
  echo "ok $n - read-only database # SKIP as root, without setpriv or a build other users can run"
else
  $as_reader "$cli" --db "$ro_dir/ro.db" list >"$tmp/ro-out" 2>"$tmp/err"
  check "a read-only database is listed (exit 0)" test $? -eq 0
  check "it lists every request" cmp -s "$tmp/ro-out" "$tmp/ro-expected"
  printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n' >"$tmp/ada.vcf"
  chmod 644 "$tmp/ada.vcf"
  $as_reader "$cli" --db "$ro_dir/ro.db" import vcard "$tmp/ada.vcf" >"$tmp/out" 2>"$tmp/err"
  check "importing into it fails (exit 1)" test $? -eq 1
  check "and says the file is read-only" grep -q 'read-only' "$tmp/err"
  check "the read-only database is left untouched" cmp -s "$ro_dir/ro.db" "$tmp/ro.orig"
fi
chmod 755 "$ro_dir"

if $have_python; then
  newer="$tmp/newer.db"
  "$cli" --db "$newer" list >/dev/null 2>&1
  python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 99"); db.commit(); db.close()' "$newer"
  cp "$newer" "$tmp/newer.orig"
  "$cli" --db "$newer" list >"$tmp/out" 2>"$tmp/err"
  check "a database from a newer version gives a non-zero exit" test $? -ne 0
  check "the error names the file and its version" \
    sh -c "grep -qF '$newer' '$tmp/err' && grep -q 99 '$tmp/err'"
  check "the newer database is left untouched" cmp -s "$newer" "$tmp/newer.orig"
else
  n=$((n + 1))
  echo "ok $n - newer database refused # SKIP python3 with sqlite3 is not available"
fi

echo "1..$n"
test "$failed" -eq 0
