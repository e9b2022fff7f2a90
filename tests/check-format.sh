#!/bin/sh
# Fails when a C file of the project is not formatted with .clang-format.
# Exit 77 (skipped) without clang-format. Usage: check-format.sh SOURCE_ROOT
set -u
root=${1:?usage: check-format.sh SOURCE_ROOT}
command -v clang-format >/dev/null 2>&1 || { echo "SKIP: clang-format not found"; exit 77; }
cd "$root" || exit 1
status=0
for f in $(find src tests -name '*.[ch]' | sort); do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: clang-format -i $f)"
    status=1
  fi
done
exit $status
