# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the command-line tests. Gives them a temporary folder ($tmp,
# removed at exit), an environment that never touches the real database, and
# TAP helpers: ok, not_ok (which shows $tmp/err), check DESCRIPTION COMMAND...

tmp=$(mktemp -d "${TMPDIR:-/tmp}/connecteur-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

unset CONNECTEUR_DB
export XDG_DATA_HOME="$tmp/xdg-data"

n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  if [ -s "$tmp/err" ]; then sed 's/^/# stderr: /' "$tmp/err"; fi
}

check () {
  # Passes when COMMAND succeeds.
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
