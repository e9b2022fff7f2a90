#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# SQL is written in the store's files only, src/core/store/. Fails,
# naming the file and line, when a string literal elsewhere under src/ holds an SQL statement
# or another file calls SQLite. Reports TAP. Usage: test-sql-in-store.sh SOURCE_ROOT

set -u

root=${1:?usage: test-sql-in-store.sh SOURCE_ROOT}
. "$(dirname "$0")/cli-tap.sh"
cd "$root" || exit 1

is_store_file () {
  case $1 in
    src/core/store/*)
      return 0 ;;
  esac
  return 1
}

# A keyword after an opening quote, with no closing quote between: inside a string literal.
statement='"([^"\\]|\\.)*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA) '
call='\bsqlite3_[a-z0-9_]+'

store_files=
other_files=
for f in $(find src -name '*.[ch]' | sort); do
  if is_store_file "$f"; then
    store_files="$store_files $f"
  else
    other_files="$other_files $f"
  fi
done

# The patterns find the store's own SQL: a check that cannot fail proves nothing.
# shellcheck disable=SC2086
if grep -qE "$statement" $store_files && grep -qE "$call" $store_files; then
  ok "the patterns find the SQL of the store's files"
else
  echo "no SQL found in:$store_files" >"$tmp/err"
  not_ok "the patterns find the SQL of the store's files"
fi

# shellcheck disable=SC2086
if grep -nE "$statement" $other_files >"$tmp/err"; then
  not_ok "no SQL statement outside the store's files"
else
  ok "no SQL statement outside the store's files"
fi

# shellcheck disable=SC2086
if grep -nE "$call" $other_files >"$tmp/err"; then
  not_ok "no SQLite call outside the store's files"
else
  ok "no SQLite call outside the store's files"
fi

echo "1..$n"
test "$failed" -eq 0
