#!/bin/sh
# Installs what is missing, builds, and runs every test (the UI ones in a
# virtual display with their own session bus). Ends with the line
# "N passed, N failed, N skipped" counted from meson's test log; exits 1 when
# a test failed.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/tools/setup.sh"

log="$build/meson-logs/testlog.json"
rm -f "$log"
set +e
xvfb-run -a -s "-screen 0 1600x1200x24" \
  dbus-run-session -- meson test -C "$build" --print-errorlogs "$@"
set -e

[ -f "$log" ] || { echo "test: meson wrote no test log" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
python3 "$root/tools/test-summary.py" "$log"
