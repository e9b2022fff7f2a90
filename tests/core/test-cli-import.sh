#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# connecteur-cli import, as a user runs it: our fixtures, in every format and
# with misleading names, imported twice (the second time adds nothing), and
# files that are not what they claim refused with nothing written. TAP.
# Usage: test-cli-import.sh PATH-TO-CONNECTEUR-CLI

set -u

cli=${1:?usage: test-cli-import.sh PATH-TO-CONNECTEUR-CLI}
. "$(dirname "$0")/cli-tap.sh"

export LC_ALL=C LANGUAGE=
fixtures="${CONNECTEUR_SOURCE_ROOT:-$(dirname "$0")/../..}/tests/fixtures/import"
db="$tmp/connecteur.db"

# The report's count for a line ("Contacts:" or "Requests:") and a word.
count () {
  sed -n "s/^$1 .*\\b\\([0-9][0-9]*\\) $2.*/\\1/p" "$tmp/out" | head -n 1
}
report_is () {
  # report_is "Contacts: 3 added, 0 updated, 0 unchanged"
  grep -qx "$1" "$tmp/out"
}

"$cli" --help >"$tmp/out" 2>"$tmp/err"
check "--help describes import" grep -q 'import FORMAT' "$tmp/out"

# Our own small files, one per format, named to mislead.
"$cli" --db "$db" import auto "$fixtures/cli/people.csv" >"$tmp/out" 2>"$tmp/err"
check "a vCard named .csv is imported (exit 0)" test $? -eq 0
check "its three contacts are added" report_is "Contacts: 3 added, 0 updated, 0 unchanged"

"$cli" --db "$db" import vcard "$fixtures/cli/people.csv" >"$tmp/out" 2>"$tmp/err"
check "importing it again exits 0" test $? -eq 0
check "importing it again adds nothing" report_is "Contacts: 0 added, 0 updated, 3 unchanged"

# In French each count stands after its word, so that none has to agree with it.
LC_ALL=C.UTF-8 LANGUAGE=fr "$cli" --db "$db" import vcard "$fixtures/cli/people.csv" >"$tmp/out" 2>"$tmp/err"
check "the French report puts each count after its word" \
  report_is "Contacts — ajoutés : 0, mis à jour : 0, inchangés : 3"
check "the French report of requests too" report_is "Demandes — ajoutées : 0, déjà présentes : 0"

"$cli" --db "$db" import csv "$fixtures/cli/google.txt" >"$tmp/out" 2>"$tmp/err"
check "a Google CSV named .txt is imported" report_is "Contacts: 2 added, 0 updated, 0 unchanged"

"$cli" --db "$db" import linkedin "$fixtures/cli/Connections.csv" >"$tmp/out" 2>"$tmp/err"
check "LinkedIn connections after the Notes preamble are imported" \
  report_is "Contacts: 2 added, 0 updated, 0 unchanged"

"$cli" --db "$db" import auto "$fixtures/cli/intro.eml" >"$tmp/out" 2>"$tmp/err"
check "an e-mail asking for an introduction is imported" \
  report_is "Requests: 1 added, 0 already there"
"$cli" --db "$db" list >"$tmp/list" 2>"$tmp/err"
check "the request is listed, for the contact it names" \
  sh -c "test \$(wc -l <'$tmp/list') -eq 1 && grep -q 'Paul Martin.*Élodie Durand' '$tmp/list'"

mkdir "$tmp/holidays"
"$cli" --db "$db" --json import auto "$fixtures/cli/intro.eml" "$tmp/holidays" >"$tmp/out" \
  2>"$tmp/err"
status=$?
# The folder is not a LinkedIn export: refused before anything is written.
check "a folder that is no LinkedIn export is refused (exit 1)" test $status -eq 1
check "the refused folder is named on stderr" grep -q 'holidays' "$tmp/err"

# Endless input is refused at once: a device never ends, a FIFO blocks its
# reader. Only regular files and folders are read.
if [ -e /dev/zero ]; then
  timeout 20 "$cli" --db "$db" import mail /dev/zero >"$tmp/out" 2>"$tmp/err"
  status=$?
  check "import mail /dev/zero is refused (exit 1)" test $status -eq 1
  check "the device is named as neither a file nor a folder" grep -q 'neither a file nor a folder' "$tmp/err"
fi
if mkfifo "$tmp/pipe" 2>/dev/null; then
  timeout 20 "$cli" --db "$db" import auto "$tmp/pipe" >"$tmp/out" 2>"$tmp/err"
  status=$?
  check "import auto on a FIFO is refused, not blocked (exit 1)" test $status -eq 1
  check "the FIFO is named as neither a file nor a folder" grep -q 'neither a file nor a folder' "$tmp/err"
fi

"$cli" --db "$db" --json import auto "$fixtures/cli/people.csv" "$fixtures/cli/google.txt" \
  "$fixtures/cli/Connections.csv" "$fixtures/cli/intro.eml" >"$tmp/out" 2>"$tmp/err"
check "everything again in one run exits 0" test $? -eq 0
check "everything again adds nothing" grep -q \
  '"contacts_added":0,"contacts_updated":0,"contacts_unchanged":7,"requests_added":0,"requests_skipped":1' \
  "$tmp/out"
"$cli" --db "$db" list >"$tmp/list" 2>"$tmp/err"
check "still one request" test "$(wc -l <"$tmp/list")" -eq 1

# Garbage: a PNG renamed .csv, with a good file before it.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006' \
  >"$tmp/photo.csv"
cp "$db" "$tmp/before.db"
"$cli" --db "$db" import auto "$fixtures/cli/people.csv" "$tmp/photo.csv" >"$tmp/out" 2>"$tmp/err"
check "a PNG named .csv is refused (exit 1)" test $? -eq 1
check "the refused file is named on stderr" grep -q 'photo.csv' "$tmp/err"
check "nothing is printed on stdout" test ! -s "$tmp/out"
"$cli" --db "$db" import csv "$tmp/photo.csv" >"$tmp/out" 2>"$tmp/err"
check "a PNG claimed as CSV is refused (exit 1)" test $? -eq 1
"$cli" --db "$db" --json import auto "$fixtures/cli/people.csv" >"$tmp/out" 2>"$tmp/err"
check "nothing was written by the refused imports" \
  grep -q '"contacts_added":0,"contacts_updated":0,"contacts_unchanged":3' "$tmp/out"

"$cli" --db "$db" import auto "$tmp/missing.vcf" >"$tmp/out" 2>"$tmp/err"
check "a missing file fails (exit 1)" test $? -eq 1
check "the missing file is named" grep -q 'missing.vcf' "$tmp/err"

# Usage errors
"$cli" --db "$db" import xls "$tmp/photo.csv" >"$tmp/out" 2>"$tmp/err"
check "an unknown format word is a usage error (exit 2)" test $? -eq 2
check "the unknown format is named" grep -q 'xls' "$tmp/err"
"$cli" --db "$db" import vcard >"$tmp/out" 2>"$tmp/err"
check "import without a file is a usage error (exit 2)" test $? -eq 2

# Every fixture of the readers, detected from its content, twice: no crash,
# and the second run adds nothing.
for file in "$fixtures"/linkedin/* "$fixtures"/vcard/* "$fixtures"/contacts-csv/* \
  "$fixtures"/mail/*; do
  [ -e "$file" ] || continue
  name=${file#"$fixtures"/}
  "$cli" --db "$tmp/all.db" import auto "$file" >"$tmp/out" 2>"$tmp/err"
  status=$?
  check "$name: imported or refused cleanly (exit $status)" test $status -le 1
  "$cli" --db "$tmp/all.db" --json import auto "$file" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ $status -eq 0 ]; then
    check "$name: importing again adds nothing" \
      grep -q '"contacts_added":0,"contacts_updated":0,.*"requests_added":0' "$tmp/out"
  else
    check "$name: refused again cleanly (exit $status)" test $status -eq 1
  fi
done

# The real files in ../shared/fixtures, when present: each detected from its
# content, imported or refused cleanly, and adding nothing the second time.
shared=${CONNECTEUR_SHARED:-}/fixtures
if [ -n "${CONNECTEUR_SHARED:-}" ] && [ -d "$shared" ]; then
  for file in "$shared"/linkedin/* "$shared"/vcard/* "$shared"/contacts_csv/* "$shared"/email/*; do
    [ -e "$file" ] || continue
    name=shared/${file#"$shared"/}
    "$cli" --db "$tmp/shared.db" import auto "$file" >"$tmp/out" 2>"$tmp/err"
    status=$?
    # Exit 1 only with a report: every entry rejected (mail that asks for
    # no introduction), never an error.
    check "$name: imported, or every entry rejected (exit $status)" \
      sh -c "test $status -eq 0 || { test $status -eq 1 && grep -q '^Rejected: ' '$tmp/out'; }"
    "$cli" --db "$tmp/shared.db" --json import auto "$file" >"$tmp/out" 2>"$tmp/err"
    check "$name: importing again adds nothing" \
      grep -q '"contacts_added":0,"contacts_updated":0,.*"requests_added":0' "$tmp/out"
  done
else
  n=$((n + 1))
  echo "ok $n # SKIP ../shared/fixtures is absent"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
