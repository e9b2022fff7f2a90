#!/bin/sh
# Checks that every translation in po/LINGUAS is complete against the sources:
#  1. extracts a fresh template from po/POTFILES with xgettext (C sources by
#     keyword; .ui, .desktop.in, .metainfo.xml.in and .gschema.xml through
#     xgettext's built-in and installed ITS rules),
#  2. merges each po/LL.po with it into a temporary file (the tree is not touched),
#  3. fails, listing the messages, when one is untranslated or fuzzy, or when
#     `msgfmt -c` finds an error (format strings, header, plural forms).
# Exit status: 0 ok, 1 failure, 77 skipped (meson's convention) when the
# gettext tools are missing.
# Usage: check-po.sh SOURCE_ROOT

set -u

srcroot=${1:?usage: check-po.sh SOURCE_ROOT}
podir="$srcroot/po"

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found" >&2
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

status=0

# Reads a PO file on stdin and prints one indented line per message id, the
# header (empty msgid) left out; continuation lines are joined.
list_msgids ()
{
  awk '
    function flush() { if (inid && id != "") print "  \"" id "\""; inid = 0; id = "" }
    /^msgid "/ { flush(); inid = 1; line = $0; sub(/^msgid "/, "", line); sub(/"$/, "", line); id = line; next }
    /^"/ && inid { line = $0; sub(/^"/, "", line); sub(/"$/, "", line); id = id line; next }
    { if (inid) flush() }
    END { flush() }
  '
}

# Every listed file must exist, or the template would silently lack strings.
missing=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$podir/POTFILES" |
  while read -r f; do [ -f "$srcroot/$f" ] || echo "  $f"; done)
if [ -n "$missing" ]; then
  echo "FAIL: files listed in po/POTFILES do not exist:" >&2
  echo "$missing" >&2
  exit 1
fi

if ! xgettext \
    --files-from="$podir/POTFILES" \
    --directory="$srcroot" \
    --output="$tmp/connecteur.pot" \
    --package-name=connecteur \
    --from-code=UTF-8 \
    --add-comments \
    --force-po \
    --keyword=_ \
    --keyword=N_ \
    --keyword=C_:1c,2 \
    --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 \
    --keyword=g_dngettext:2,3 \
    --keyword=g_dpgettext2:2c,3 \
    --keyword=ngettext:1,2 \
    --flag=N_:1:pass-c-format \
    --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format \
    --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format \
    --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format \
    --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format \
    --flag=g_printerr:1:c-format \
    --flag=g_print:1:c-format \
    > "$tmp/xgettext.log" 2>&1; then
  echo "FAIL: xgettext could not extract the messages:" >&2
  cat "$tmp/xgettext.log" >&2
  exit 1
fi
# xgettext warnings (e.g. a format string in a plural form) are worth seeing.
[ -s "$tmp/xgettext.log" ] && cat "$tmp/xgettext.log" >&2

total=$(msgattrib --no-obsolete "$tmp/connecteur.pot" 2>/dev/null | grep -c '^msgid ')
echo "template: $((total - 1)) messages from $(grep -c -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$podir/POTFILES") files"

languages=$(sed -e 's/#.*//' "$podir/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$')
if [ -z "$languages" ]; then
  echo "FAIL: po/LINGUAS lists no language" >&2
  exit 1
fi

for lang in $languages; do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "FAIL: $lang is listed in po/LINGUAS but po/$lang.po does not exist" >&2
    status=1
    continue
  fi

  merged="$tmp/$lang.po"
  if ! msgmerge --quiet --previous --output-file="$merged" "$po" "$tmp/connecteur.pot"; then
    echo "FAIL: msgmerge could not merge po/$lang.po" >&2
    status=1
    continue
  fi

  if ! msgfmt --check --output-file=/dev/null "$merged" 2>"$tmp/msgfmt.log"; then
    echo "FAIL: po/$lang.po: msgfmt -c found errors:" >&2
    sed "s|$tmp/$lang.po|po/$lang.po (merged)|g" "$tmp/msgfmt.log" >&2
    status=1
  fi

  stats=$(msgfmt --statistics --output-file=/dev/null "$merged" 2>&1)
  echo "po/$lang.po: $stats"

  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$merged" | list_msgids)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" | list_msgids)
  if [ -n "$untranslated" ]; then
    echo "FAIL: po/$lang.po: untranslated messages:" >&2
    echo "$untranslated" >&2
    status=1
  fi
  if [ -n "$fuzzy" ]; then
    echo "FAIL: po/$lang.po: fuzzy messages (check and remove the fuzzy flag):" >&2
    echo "$fuzzy" >&2
    status=1
  fi

  obsolete=$(msgattrib --only-obsolete "$merged" | grep -c '^#~ msgid ')
  if [ "$obsolete" -gt 0 ]; then
    echo "note: po/$lang.po: $obsolete messages no longer in the sources (msgmerge marks them obsolete)"
  fi
done

exit $status
