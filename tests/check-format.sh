#!/bin/sh
# Fails when a C file of the project is not formatted with .clang-format.
# Exit 77 (skipped) without clang-format. Usage: check-format.sh SOURCE_ROOT
set -u
root=${1:?usage: check-format.sh SOURCE_ROOT}
command -v clang-format >/dev/null 2>&1 || { echo "SKIP: clang-format not found"; exit 77; }
cd "$root" || exit 1
# One clang-format for every file: starting one per file took most of the time.
report=$(find src tests -name '*.[ch]' | sort | xargs clang-format --dry-run -Werror 2>&1)
status=$?
if [ $status -ne 0 ]; then
  printf '%s\n' "$report" | sed -n 's/^\([^:]*\.[ch]\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u |
    while read -r f; do echo "not formatted: $f (run: clang-format -i $f)"; done
  [ -n "$report" ] && printf '%s\n' "$report" | tail -n 5
  exit 1
fi
exit 0
