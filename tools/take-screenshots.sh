#!/bin/sh
# Renders the README's and the AppStream listing's screenshots from the
# current build and the example data, at a fixed size, in English and French,
# in the light and the dark style, under one virtual display:
#   data/screenshots/VIEW[-fr][-dark].png
# then makes them smaller, losslessly (optipng when installed, else
# ImageMagick's -strip). Look at them before committing them.
# Usage: [CN_SCREENSHOT_OUT=DIR] tools/take-screenshots.sh [BUILD_DIR]
# (default: build, writing into data/screenshots)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=${CN_SCREENSHOT_OUT:-$root/data/screenshots}
tool=$build/tests/ui/cn-screenshot

[ -x "$tool" ] || { echo "take-screenshots: build first (meson compile -C $build)" >&2; exit 1; }

# One display for every shot: start it once, then come back here inside it.
if [ -z "${CN_SCREENSHOT_DISPLAY:-}" ]; then
  exec env CN_SCREENSHOT_DISPLAY=1 xvfb-run -a -s "-screen 0 1600x1200x24" \
    sh "$0" "$build"
fi
mkdir -p "$out"

# The window's size: the metainfo's recommended display, and what the
# listing shows best (a 16:10 picture).
size=1280x800

shoot ()
{
  # $1 = LANGUAGE value, $2 = style (light or dark), $3 = view's name, then
  # cn-screenshot's options
  lang=$1 style=$2 name=$3
  shift 3
  file=$out/$name
  [ "$lang" = en ] || file=$file-$lang
  [ "$style" = light ] || file=$file-$style
  dark=""
  [ "$style" = light ] || dark=--dark
  env LANGUAGE="$lang" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
      GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
      GSK_RENDERER=cairo GDK_BACKEND=x11 GTK_A11Y=none \
      CONNECTEUR_LOCALEDIR="$build/po" \
    "$tool" --size=$size $dark "$@" "$file.png" >/dev/null
  if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o2 -strip all "$file.png"
  elif command -v convert >/dev/null 2>&1; then
    convert "$file.png" -strip "$file.png"
  fi
  echo "wrote $file.png ($(wc -c <"$file.png") bytes)"
}

for lang in en fr; do
  for style in light dark; do
    # The request list and a motivated request, its words highlighted.
    shoot $lang $style main --select=outplacement --relationship=professional
    # The guided check, the fit's details open: a student's request to a
    # contact who asks to be spared.
    shoot $lang $style check --view=check --select=rançongiciel
    # The endorsement, with the preview of what the contact will receive.
    shoot $lang $style endorsement --view=endorsement --select=outplacement \
      --relationship=professional
    shoot $lang $style campaigns --view=campaigns
    shoot $lang $style contacts --view=contacts --select=outplacement
    # The report of a small vCard import: counts, a rejected card, a duplicate.
    shoot $lang $style import --view=import
  done
done
