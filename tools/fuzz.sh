#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the libFuzzer harnesses of tests/fuzz (see tests/fuzz/README.md), one
# after the other, and sums up what each did.
#
#   tools/fuzz.sh [--time SECONDS] [--keep-going] [HARNESS...]
#
# Sets up build-fuzz with clang (-Dfuzzing=true) when it is not there,
# builds the harnesses, and runs each for SECONDS (default 60). New inputs go
# to a scratch corpus, build-fuzz/fuzz/corpus-NAME, never to the repository;
# crashes to build-fuzz/fuzz/artifacts-NAME/. A harness stops at its first
# crash, unless --keep-going (libFuzzer's -fork=1 -ignore_crashes=1: it runs
# its whole time and keeps every crash). Logs: build-fuzz/fuzz/NAME.log.
set -u

all="csv zip vcard contacts-csv linkedin mail detect analyzer fingerprint compose lexicon reimport"
seconds=60
keep_going=0

usage() {
  sed -n '3,13s/^# \{0,1\}//p' "$0"
  echo "Harnesses: $all"
}

while [ $# -gt 0 ]; do
  case $1 in
    --time) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds=$2; shift 2 ;;
    --time=*) seconds=${1#--time=}; shift ;;
    --keep-going) keep_going=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
done
case $seconds in
  ''|*[!0-9]*) echo "fuzz.sh: --time wants a number of seconds" >&2; exit 2 ;;
esac
harnesses=${*:-$all}
for name in $harnesses; do
  case " $all " in
    *" $name "*) ;;
    *) echo "fuzz.sh: no harness \"$name\" (there are: $all)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
out=$build/fuzz

if [ ! -f "$build/build.ninja" ]; then
  command -v clang >/dev/null 2>&1 || { echo "fuzz.sh: clang is needed (apt install clang)" >&2; exit 1; }
  CC=clang meson setup "$build" "$root" -Dfuzzing=true || exit 1
fi
targets=
for name in $harnesses; do
  targets="$targets tests/fuzz/fuzz-$name"
done
# Two jobs at most: fuzzing machines are often shared.
# shellcheck disable=SC2086
meson compile -C "$build" -j 2 $targets || exit 1

mkdir -p "$out"
# Per run of this script (two may run side by side, on different harnesses).
summary=$out/summary-$$.txt
: > "$summary"

for name in $harnesses; do
  corpus=$root/tests/fuzz/corpus/$name
  scratch=$out/corpus-$name
  artifacts=$out/artifacts-$name
  log=$out/$name.log
  stamp=$out/.stamp-$name
  regressions=$root/tests/fuzz/regressions/$name
  [ -d "$regressions" ] || regressions=
  mkdir -p "$scratch" "$artifacts"
  : > "$stamp"
  if [ "$keep_going" = 1 ]; then
    mode="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
  else
    mode=
  fi

  echo "== $name: ${seconds}s (log: $log)"
  # The first folder receives new inputs: the scratch one, not the repository's.
  # GNU time counts the CPU of the fuzzer and of the jobs it forks and waits
  # for, per run: two copies of this script may run side by side.
  # shellcheck disable=SC2086
  G_DEBUG=fatal-criticals GSETTINGS_BACKEND=memory \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    /usr/bin/time -f '%U %S' -o "$out/.cpu-$name" \
    "$build/tests/fuzz/fuzz-$name" $mode -max_total_time="$seconds" -print_final_stats=1 \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$artifacts/" "$scratch" "$corpus" \
    ${regressions:+"$regressions"} > "$log" 2>&1
  status=$?

  cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$out/.cpu-$name")
  # One process: its final stats. Fork mode: the parent's last "#N: cov: …" line.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\): cov:.*/\1/p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
  corp=$(sed -n 's/.* corp: \([0-9][0-9]*\(\/[0-9]*[bKM]*b*\)\{0,1\}\).*/\1/p' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
  crashes=$(find "$artifacts" -type f -newer "$stamp" | wc -l | tr -d ' ')
  new=$(find "$scratch" -type f -newer "$stamp" | wc -l | tr -d ' ')
  note=
  if [ "$status" != 0 ] && [ "$keep_going" = 0 ]; then
    note="stopped at a crash (exit $status)"
  elif [ "$status" != 0 ] && [ "$crashes" = 0 ]; then
    note="exit $status, see $log"
  fi
  printf '%-13s %8s %12s %7s %12s %9s %8s  %s\n' "$name" "$cpu" "${execs:-?}" "${cov:-?}" \
    "${corp:-?}" "$new" "$crashes" "$note" >> "$summary"
  if [ "$crashes" != 0 ]; then
    # What each crash is: replayed, its first complaint, alike ones counted
    # (quoted input text and numbers blanked).
    echo "   $crashes crash(es) in $artifacts/, by kind:"
    find "$artifacts" -type f -newer "$stamp" | head -n 100 | while read -r crash; do
      G_DEBUG=fatal-criticals "$build/tests/fuzz/fuzz-$name" "$crash" 2>&1 |
        grep -m 1 -E 'PROPERTY VIOLATED|SUMMARY: [A-Za-z]*Sanitizer|runtime error|ERROR: libFuzzer: (timeout|out-of-memory)|(CRITICAL|WARNING|ERROR) \*\*' ||
        echo "(no message: see $crash)"
    done | sed -e 's/"[^"]*"/"…"/g' -e 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | sed 's/^/   /'
  fi
  rm -f "$stamp" "$out/.cpu-$name"
done

echo
printf '%-13s %8s %12s %7s %12s %9s %8s\n' harness cpu-s executions cov corpus new-files crashes
cat "$summary"
echo
echo "New inputs stay in $out/corpus-NAME. To keep those that add coverage,"
echo "minimise them into the repository's corpus, then review and commit:"
echo "  $build/tests/fuzz/fuzz-NAME -merge=1 $root/tests/fuzz/corpus/NAME $out/corpus-NAME"
echo "Replay a crash: $build/tests/fuzz/fuzz-NAME $out/artifacts-NAME/crash-…"
