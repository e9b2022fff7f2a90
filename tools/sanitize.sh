#!/bin/sh
# Builds Connecteur with AddressSanitizer and UndefinedBehaviorSanitizer in its
# own folder (SANITIZE_BUILD_DIR, default build-sanitize) and runs the tests
# there, the UI ones in a virtual display with their own session bus.
#
#   tools/sanitize.sh          every test: the core suite with leak checking,
#                              then all the others (UI included) without it
#   tools/sanitize.sh --core   the core suite only, with leak checking
#
# Any report fails: the sanitizers stop the process at the first error.
# ASan and LSan write their reports to files under BUILD/sanitizer-reports,
# so that a report from a child process (connecteur-cli run by a script, a
# GTest subprocess) counts even when the test expected that process to fail;
# they are printed at the end. With gcc, UBSan (a runtime of its own) ignores
# log_path and writes to stderr: its reports show in the failing test's log,
# and any "runtime error:" in the test logs counts as a report too. Leaks are
# checked in the core tests only, with the suppressions of tests/lsan.supp
# (other libraries' leaks, never ours); GTK, fontconfig and the GL stack leave
# too much behind at exit for the UI tests.
#
# Ends with the line "N passed, N failed, N skipped" counted from meson's
# test log; exits 1 when a test failed or a sanitizer reported anything.
# Needs the packages of tools/setup.sh (run it, or tools/test.sh, once).
# SANITIZE_JOBS (default 2) limits the build and the tests running at once.
# CC=clang-14 builds with clang instead of gcc (use another build folder).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SANITIZE_BUILD_DIR:-$root/build-sanitize}
jobs=${SANITIZE_JOBS:-2}
# Instrumented code runs slower, the core tests most (up to 90 times for
# test-import, which imports 60,000 contacts through connecteur-cli): they
# record every allocation's full stack for the leak reports.
core_timeout_multiplier=${SANITIZE_TIMEOUT_MULTIPLIER:-16}
other_timeout_multiplier=${SANITIZE_TIMEOUT_MULTIPLIER:-4}

core_only=false
case "${1:-}" in
  --core) core_only=true ;;
  '') ;;
  -h | --help)
    sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0
    ;;
  *)
    echo "usage: $0 [--core]" >&2
    exit 2
    ;;
esac

for tool in meson ninja xvfb-run dbus-run-session python3; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "sanitize: $tool is missing; run ./tools/setup.sh first" >&2; exit 1; }
done

started=$(date +%s)
# b_lundef=false: clang cannot link sanitized code with --no-undefined.
options="-Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dtests=true"
if [ -f "$build/build.ninja" ]; then
  # shellcheck disable=SC2086
  meson setup --reconfigure $options "$build" "$root" >/dev/null
else
  # shellcheck disable=SC2086
  meson setup $options "$build" "$root"
fi
meson compile -C "$build" -j "$jobs"
echo "sanitize: built in $(($(date +%s) - started)) s"

reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
logs="$build/meson-logs"
rm -f "$logs/testlog.json" "$logs"/testlog-sanitize-*

# One report file per process, report.EXE.PID. The same log_path in both
# variables: whichever of them a runtime takes it from, reports land here.
log="log_path=$reports/report:log_exe_name=1"
asan_common="halt_on_error=1:abort_on_error=1:$log"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1:$log"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
# GLib 2.74's slice allocator hides blocks from ASan; plain malloc shows them.
export G_SLICE=always-malloc
# GIO's default proxy resolver loads libproxy, whose C++ exceptions clang's
# ASan runtime cannot intercept in a C program (a CHECK failure in
# __cxa_throw). The tests only reach servers on 127.0.0.1: no proxy needed.
export GIO_USE_PROXY_RESOLVER=dummy

run_tests () {
  # run_tests LOGBASE TIMEOUT-MULTIPLIER MESON-TEST-ARGUMENTS...
  logbase=$1
  multiplier=$2
  shift 2
  part_started=$(date +%s)
  xvfb-run -a -s "-screen 0 1600x1200x24" \
    dbus-run-session -- meson test -C "$build" --print-errorlogs \
    --num-processes "$jobs" --timeout-multiplier "$multiplier" \
    --logbase "$logbase" "$@" || true
  echo "sanitize: $logbase ran in $(($(date +%s) - part_started)) s"
}

echo "sanitize: core tests, leaks checked"
# A leak's allocation stack goes through GLib, built without frame pointers:
# only the slow unwinder sees past g_malloc to the caller.
ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:$asan_common" \
  run_tests testlog-sanitize-core "$core_timeout_multiplier" --suite core
if ! $core_only; then
  echo "sanitize: the other tests, UI included, leaks not checked"
  ASAN_OPTIONS="detect_leaks=0:$asan_common" \
    run_tests testlog-sanitize-other "$other_timeout_multiplier" --no-suite core
fi

for part in core other; do
  [ -f "$logs/testlog-sanitize-$part.json" ] || continue
  cat "$logs/testlog-sanitize-$part.json" >>"$logs/testlog.json"
done

found=0
for report in "$reports"/*; do
  [ -f "$report" ] || continue
  found=$((found + 1))
  echo "==> sanitizer report ${report#"$build"/} <=="
  cat "$report"
done
for text in "$logs"/testlog-sanitize-*.txt; do
  [ -f "$text" ] || continue
  ubsan=$(grep -c 'runtime error:' "$text" || true)
  [ "$ubsan" -eq 0 ] && continue
  found=$((found + ubsan))
  echo "==> UBSan report(s) in ${text#"$build"/} <=="
  grep -B 2 -A 12 'runtime error:' "$text"
done
if [ "$found" -gt 0 ]; then
  echo "sanitize: $found sanitizer report(s), above and in $reports" >&2
fi

if [ ! -f "$logs/testlog.json" ]; then
  echo "sanitize: meson wrote no test log" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
status=0
python3 "$root/tools/test-summary.py" "$logs/testlog.json" || status=1
[ "$found" -eq 0 ] || status=1
exit "$status"
