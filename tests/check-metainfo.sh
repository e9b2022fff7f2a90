#!/bin/sh
# Validates the built metainfo as a store does, `appstreamcli validate
# --pedantic --no-net`, and fails on any issue but those accepted below; then
# checks that every summary, translations included, keeps to the 35
# characters a store shows (AppStream 0.16 does not check it).
# Accepted issues:
# - cid-contains-uppercase-letter: the app id keeps its capital, since the
#   desktop file, the icons, the settings and the Flatpak are named after it;
# - unknown-tag developer, on AppStream before 1.0 only (Debian 12 has 0.16),
#   which does not know the <developer> that replaced <developer_name>.
# Exit status: 0 ok, 1 failure, 77 skipped (meson's convention) without
# appstreamcli.
# Usage: check-metainfo.sh METAINFO.xml

set -u

file=${1:?usage: check-metainfo.sh METAINFO.xml}

if ! command -v appstreamcli >/dev/null 2>&1; then
  echo "SKIP: appstreamcli is not installed (Debian package appstream)"
  exit 77
fi

version=$(appstreamcli --version | sed -n 's/^AppStream version: *//p')
accepted="cid-contains-uppercase-letter"
case $version in
  0.*) accepted="$accepted|unknown-tag developer" ;;
esac

report=$(appstreamcli validate --pedantic --no-net "$file" 2>&1)
echo "appstreamcli $version:"
echo "$report"
# Issues are the lines "E: id:line: tag details" (E, W, I or P).
issues=$(echo "$report" | grep -E '^[EWIP]: ' | grep -vE "^[EWIP]: [^ ]+: ($accepted)( |$)")
status=0
if [ -n "$issues" ]; then
  echo "FAIL: issues other than the accepted ones:" >&2
  echo "$issues" >&2
  status=1
fi

# One <summary> per line, the English one and each translation's; wc -m
# counts characters (awk may count bytes).
long=$(sed -n 's/.*<summary[^>]*>\(.*\)<\/summary>.*/\1/p' "$file" | while IFS= read -r text; do
  n=$(printf '%s' "$text" | LC_ALL=C.UTF-8 wc -m)
  [ "$n" -le 35 ] || echo "$n characters: $text"
done)
if [ -n "$long" ]; then
  echo "FAIL: a summary is longer than 35 characters:" >&2
  echo "$long" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "ok: only accepted issues, summaries of 35 characters or fewer"
exit "$status"
