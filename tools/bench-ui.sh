#!/bin/sh
# The UI benchmark (issue 17): generates a deterministic database, drives the
# app's window and a floor program of the same shape in one batch, and prints
# a table of medians and ratios plus a JSON file. See README.md, "Benchmarks".
# Usage: tools/bench-ui.sh [--quick] [--requests N] [--campaigns N] [--help]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$root/tools/bench-ui.py" "$@"
