#!/bin/sh
# Renders the README's and the AppStream listing's screenshots from the
# current build, in English and in French, under a virtual display.
# Usage: tools/take-screenshots.sh [BUILD_DIR]   (default: build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=$root/data/screenshots
tool=$build/tests/ui/cn-screenshot

[ -x "$tool" ] || { echo "take-screenshots: build first (meson compile -C $build)" >&2; exit 1; }
mkdir -p "$out"

shoot ()
{
  # $1 = LANGUAGE value, $2 = output file, then cn-screenshot's options
  lang=$1
  shift
  xvfb-run -a -s "-screen 0 1600x1200x24" \
    env LANGUAGE="$lang" LANG=C.UTF-8 \
        GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
        GSK_RENDERER=cairo GDK_BACKEND=x11 GTK_A11Y=none \
        CONNECTEUR_LOCALEDIR="$build/po" \
    "$tool" "$@"
  echo "wrote $1"
}

shoot en "$out/main.png"
shoot fr "$out/main-fr.png"
shoot en "$out/review.png" --select=outplacement --relationship=professional
shoot en "$out/contacts.png" --view=contacts --select=outplacement
