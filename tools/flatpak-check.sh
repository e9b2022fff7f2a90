#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the Flatpak end to end, offline: builds the stand-in GNOME runtime
# (../shared/tools/fake-gnome-runtime.sh) at the manifest's runtime-version,
# builds and installs the manifest with flatpak-builder, runs the CLI and the
# app in the sandbox under Xvfb (examples loaded, French, the database in the
# sandbox's data folder, a screenshot), checks the exported desktop file,
# icons and metainfo, and writes the bundle connecteur.flatpak.
#
# The app's own module is built from this working tree
# (tools/flatpak-manifest.py local). Snowball and GMime come from the
# manifest's upstream URLs when they can be reached (or are in
# flatpak-builder's download cache); otherwise from the same releases as
# Debian's source packages (`apt-get source`, with apt's lists and cache in a
# private folder), and the script says so and compares the versions.
#
# Everything lives in FLATPAK_CHECK_DIR (default: build-flatpak/), including a
# private HOME: the user's own Flatpak installation and ~/.var are left alone.
# Run it again and it reuses the runtime (until the system's packages change),
# the downloads and the unchanged modules.
#
# Env: FLATPAK_CHECK_DIR; FLATPAK_CHECK_SOURCES=auto|upstream|apt (default
# auto); FLATPAK_CHECK_REBUILD_RUNTIME=1 to rebuild the runtime anyway.
# Exit status: 0 passed, 1 failed, 77 skipped (with the reason).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
self=$root/tools/$(basename "$0")
app_id=io.github.connecteur.Connecteur
manifest=$root/flatpak/$app_id.json
out=${FLATPAK_CHECK_DIR:-$root/build-flatpak}
shared=$root/../shared
fake_runtime=$shared/tools/fake-gnome-runtime.sh
mode=${FLATPAK_CHECK_SOURCES:-auto}
# Debian's source package for each external module of the manifest.
declare -A deb_package=([libstemmer]=snowball [gmime]=gmime)

say() { printf 'flatpak-check: %s\n' "$*"; }
skip() {
  say "SKIP: $*"
  exit 77
}
fail() {
  say "FAIL: $*" >&2
  exit 1
}

# --- Timings ------------------------------------------------------------------
timings=()
step_name=""
step_start=0
step() {
  step_end
  step_name=$1
  step_start=$SECONDS
  say "== $step_name"
}
step_end() {
  [ -z "$step_name" ] || timings+=("$(printf '%5ds  %s' $((SECONDS - step_start)) "$step_name")")
  step_name=""
}
print_timings() {
  step_end
  [ "${#timings[@]}" -gt 0 ] || return 0
  say "timings:"
  printf '  %s\n' "${timings[@]}"
  say "total: $((SECONDS / 60)) min $((SECONDS % 60)) s"
}

# Runs a command into a log, and shows the log's end when it fails.
logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "${step_name:-a step} failed (full log: $log)"
  fi
}

# --- The part that runs inside Xvfb and a private D-Bus session ----------------
if [ "${1:-}" = "--in-session" ]; then
  shot=$2
  data=$HOME/.var/app/$app_id/data/connecteur
  run_cli() { flatpak run --env=LANG=C.UTF-8 "$@"; }

  rm -rf "$HOME/.var/app/$app_id"
  say "examples, in French, through the CLI in the sandbox:"
  fr=$(run_cli --env=LANGUAGE=fr --command=connecteur-cli "$app_id" demo)
  printf '  %s\n' "$fr"
  case $fr in
    *"demandes d’exemple ajoutées"*) ;;
    *) fail "the CLI's demo did not answer in French: $fr" ;;
  esac
  case $fr in
    *"/.var/app/$app_id/data/connecteur/connecteur.db"*) ;;
    *) fail "the CLI's database is not in the sandbox's data folder: $fr" ;;
  esac
  [ -s "$data/connecteur.db" ] || fail "no database at $data/connecteur.db"
  say "database in the sandbox's data folder: ~/.var/app/$app_id/data/connecteur/connecteur.db"
  requests=$(run_cli --command=connecteur-cli "$app_id" list | wc -l)
  [ "$requests" -gt 0 ] || fail "the CLI lists no request after demo"
  say "the CLI lists $requests example requests"
  run_cli --env=LANGUAGE=fr --command=connecteur-cli "$app_id" --help | grep -q "Utiliser la base de données" ||
    fail "connecteur-cli --help is not in French with LANGUAGE=fr"
  run_cli --command=connecteur-cli "$app_id" --help | grep -q "Use the database at PATH" ||
    fail "connecteur-cli --help is not in English by default"
  say "French and English both work in the sandbox"

  # The CLI sees host files only through a permission given for the run.
  vcard=$root/tests/fixtures/import/vcard/v40.vcf
  if run_cli --command=connecteur-cli "$app_id" import vcard "$vcard" >/dev/null 2>&1; then
    fail "the CLI read $vcard without being given its folder"
  fi
  run_cli --filesystem="$(dirname "$vcard"):ro" --command=connecteur-cli "$app_id" \
    import vcard "$vcard" >/dev/null || fail "the CLI could not import $vcard given --filesystem"
  say "the CLI reads a host folder only when given it (--filesystem=...:ro)"

  # The app, on the database the CLI filled; GSK_RENDERER=cairo as the tests
  # do, for a display without a GPU.
  flatpak run --env=LANG=C.UTF-8 --env=GSK_RENDERER=cairo --env=NO_AT_BRIDGE=1 "$app_id" \
    >"$shot.log" 2>&1 &
  app=$!
  shown=0
  for _ in $(seq 120); do
    if xwininfo -root -tree 2>/dev/null | grep -q '"Connecteur"'; then
      shown=1
      break
    fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  if [ "$shown" -eq 1 ]; then
    sleep 3 # let it draw the list and the first request
    import -window root "$shot"
  fi
  flatpak kill "$app_id" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  [ "$shown" -eq 1 ] || {
    cat "$shot.log" >&2
    fail "the app's window never showed"
  }
  say "screenshot of the app in the sandbox: $shot"
  exit 0
fi

# --- Preconditions ---------------------------------------------------------------
[ -f "$fake_runtime" ] ||
  skip "../shared is absent: no stand-in runtime to build against ($fake_runtime)"

# What the stand-in runtime copies from this system: the app's dependencies
# that its script does not list, and autotools for a GMime source without
# configure (Debian's). Not GMime or Snowball: the manifest builds those.
runtime_extra="libjson-glib-dev libcurl4-openssl-dev autoconf automake libtool gtk-doc-tools"
host_tools="flatpak flatpak-builder elfutils appstream-util gawk imagemagick librsvg2-common xvfb xauth x11-utils dbus
  desktop-file-utils appstream dpkg-dev curl python3"
missing=()
for p in $host_tools $runtime_extra; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] ||
    missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || skip "missing packages and no sudo to install them: ${missing[*]}"
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}")
  "${install[@]}" >/dev/null || { "${sudo[@]}" apt-get update -q >/dev/null && "${install[@]}" >/dev/null; } ||
    fail "could not install ${missing[*]}"
fi
command -v flatpak-builder >/dev/null 2>&1 || fail "flatpak-builder is not installed"

on_exit() {
  local status=$?
  [ "$status" -eq 77 ] || print_timings
}
trap on_exit EXIT

runtime_version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runtime-version"])' "$manifest")
mkdir -p "$out/logs" "$out/home"
export HOME=$out/home
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
say "manifest: ${manifest#"$root"/} (runtime org.gnome.Platform//$runtime_version); work folder: $out"

# --- 1. The stand-in runtime -----------------------------------------------------
step "stand-in runtime $runtime_version"
# Rebuilt when the system's packages, the runtime's script or its inputs change.
stamp=$( {
  dpkg-query -W -f='${Package} ${Version}\n'
  cat "$fake_runtime"
  echo "$runtime_version $runtime_extra"
} | sha256sum | cut -d' ' -f1)
installed=0
flatpak --user info "org.gnome.Sdk//$runtime_version" >/dev/null 2>&1 &&
  flatpak --user info "org.gnome.Platform//$runtime_version" >/dev/null 2>&1 && installed=1
if [ "$installed" -eq 1 ] && [ "$(cat "$out/runtime.stamp" 2>/dev/null)" = "$stamp" ] &&
  [ "${FLATPAK_CHECK_REBUILD_RUNTIME:-0}" != 1 ]; then
  say "reusing the installed stand-in runtime (same system packages)"
else
  if [ "$installed" -eq 1 ]; then
    flatpak --user uninstall -y --noninteractive "org.gnome.Sdk//$runtime_version" \
      "org.gnome.Platform//$runtime_version" >/dev/null
  fi
  logged "$out/logs/runtime.log" env WORKDIR="$out/runtime" FLATPAK_HOME="$HOME" \
    RUNTIME_VERSION="$runtime_version" EXTRA_PACKAGES="$runtime_extra" bash "$fake_runtime"
  echo "$stamp" >"$out/runtime.stamp"
fi

# --- 2. Sources of the external modules -------------------------------------------
step "sources of Snowball and GMime"
downloads=$out/.flatpak-builder/downloads
reachable=1
while IFS=$'\t' read -r module url sum version; do
  if [ -n "$(ls -A "$downloads/$sum" 2>/dev/null)" ]; then
    say "$module $version: in flatpak-builder's download cache"
  elif curl -sfL -r 0-0 --max-time 20 -o /dev/null "$url" 2>/dev/null; then
    say "$module $version: reachable at $url"
  else
    say "$module $version: cannot reach $url"
    reachable=0
  fi
done < <(python3 "$root/tools/flatpak-manifest.py" externals "$manifest")

case $mode in
  upstream) [ "$reachable" -eq 1 ] || fail "FLATPAK_CHECK_SOURCES=upstream but an upstream archive is out of reach" ;;
  apt) reachable=0 ;;
  auto) ;;
  *) fail "FLATPAK_CHECK_SOURCES must be auto, upstream or apt" ;;
esac

if [ "$reachable" -eq 1 ]; then
  build_manifest=$out/manifest-local.json
  python3 "$root/tools/flatpak-manifest.py" local "$manifest" >"$build_manifest"
  say "building the manifest's upstream sources; the app from this working tree"
else
  say "upstream archives out of reach: Snowball and GMime come from the same releases' Debian" \
    "source packages (apt-get source); only their sources differ from the manifest"
  apt=$out/apt
  mkdir -p "$apt/etc/sources.list.d" "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/src"
  : >"$apt/etc/sources.list"
  # deb-src entries for the archives this system is configured with.
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
  } | sed -n -E 's/^[[:space:]]*deb([[:space:]]+)/deb-src\1/p' >"$apt/etc/sources.list.d/deb-src.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         /(^|\n)Enabled:[[:space:]]*no/ { next }
         /(^|\n)Types:[^\n]*deb([[:space:]]|$)/ {
           sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' \
      "$f" >"$apt/etc/sources.list.d/deb-src-$(basename "$f")"
  done
  apt_opts=(-o "Dir::State=$apt/state" -o "Dir::Cache=$apt/cache"
    -o "Dir::Etc::sourcelist=$apt/etc/sources.list" -o "Dir::Etc::sourceparts=$apt/etc/sources.list.d")
  [ "$(id -u)" -ne 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
  # A repository without sources only warns; a missing package fails below.
  apt-get "${apt_opts[@]}" -q update >"$out/logs/apt-update.log" 2>&1 || true
  swaps=()
  while IFS=$'\t' read -r module url sum version; do
    package=${deb_package[$module]:-}
    [ -n "$package" ] || fail "no Debian source package known for module $module: add it to deb_package"
    (cd "$apt/src" && apt-get "${apt_opts[@]}" -q source --download-only "$package") \
      >"$out/logs/apt-source-$package.log" 2>&1 ||
      { tail -n 20 "$out/logs/apt-source-$package.log" >&2; fail "apt-get source $package failed"; }
    dsc=$(printf '%s\n' "$apt/src/${package}"_*.dsc | sort -V | tail -n 1)
    deb_version=$(sed -n 's/^Version: //p' "$dsc")
    orig=$(awk '/^Checksums-Sha256:/ { s = 1; next } /^[^ ]/ { s = 0 } s && $3 ~ /\.orig\.tar\./ { print $3; exit }' "$dsc")
    orig_sum=$(sha256sum "$apt/src/$orig" | cut -d' ' -f1)
    # Debian's version without epoch, revision and repack suffix.
    release=$(printf '%s' "$deb_version" | sed -E 's/^[0-9]+://; s/-[^-]+$//; s/[+~](dfsg|ds|repack)[0-9]*$//')
    if [ "$release" = "$version" ]; then
      verdict="same release"
    else
      verdict="DIFFERENT release: the manifest's $version is not what is built here"
    fi
    if [ "$orig_sum" = "$sum" ]; then
      tarball="byte for byte the manifest's archive (sha256 $sum)"
    else
      tarball="Debian's repacked tarball $orig, not the manifest's archive"
    fi
    say "$module: manifest $version, apt $package $deb_version: $verdict; $tarball"
    swaps+=("$module=$apt/src/$orig")
  done < <(python3 "$root/tools/flatpak-manifest.py" externals "$manifest")
  build_manifest=$out/manifest-apt.json
  python3 "$root/tools/flatpak-manifest.py" swap "$manifest" "${swaps[@]}" >"$build_manifest"
  say "generated copy of the manifest: $build_manifest"
fi

# --- 3. Build and install ----------------------------------------------------------
step "flatpak-builder build and install"
cd "$out"
logged "$out/logs/build.log" flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
  --state-dir="$out/.flatpak-builder" --repo="$out/repo" "$out/app" "$build_manifest"
warnings=$(grep -E '^\.\./(src|tools)/.*warning:' "$out/logs/build.log" || true)
if [ -n "$warnings" ]; then
  printf '%s\n' "$warnings" >&2
  fail "the app's release build has compiler warnings (log: $out/logs/build.log)"
fi
say "built and installed $app_id, no compiler warning in the app's release build"

# --- 4. Exports ---------------------------------------------------------------------
step "exports"
location=$(flatpak --user info --show-location "$app_id")
export_dir=$location/export/share
desktop=$export_dir/applications/$app_id.desktop
[ -f "$desktop" ] || fail "no exported desktop file ($desktop)"
desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
for icon in icons/hicolor/scalable/apps/$app_id.svg icons/hicolor/symbolic/apps/$app_id-symbolic.svg; do
  [ -f "$export_dir/$icon" ] || fail "icon not exported: $icon"
done
# flatpak-builder 1.2 exports it under the older name, ID.appdata.xml.
metainfo=""
for f in "$export_dir/metainfo/$app_id".{metainfo,appdata}.xml; do
  [ -f "$f" ] && metainfo=$f
done
[ -n "$metainfo" ] || fail "no metainfo exported in $export_dir/metainfo"
appstreamcli validate --no-net --explain "$metainfo" >"$out/logs/metainfo.log" 2>&1 ||
  { cat "$out/logs/metainfo.log" >&2; fail "appstreamcli validate rejects the installed metainfo"; }
[ -f "$location/files/share/app-info/xmls/$app_id.xml.gz" ] ||
  fail "flatpak-builder composed no AppStream catalogue for the app"
say "desktop file, icons and metainfo exported and valid"

# --- 5. Run in the sandbox ----------------------------------------------------------
step "run in the sandbox"
screenshot=$out/screenshot.png
rm -f "$screenshot"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$self" --in-session "$screenshot"

# --- 6. Bundle ----------------------------------------------------------------------
step "bundle"
bundle=$out/connecteur.flatpak
# The runtime comes from Flathub on the user's machine.
flatpak build-bundle --runtime-repo=https://dl.flathub.org/repo/flathub.flatpakrepo \
  "$out/repo" "$bundle" "$app_id"
# Installed as the README says, in place of the build's installation.
flatpak --user uninstall -y --noninteractive "$app_id" >/dev/null
if ! flatpak --user install -y --noninteractive "$bundle" >"$out/logs/bundle-install.log" 2>&1; then
  # Offline, Flatpak cannot read the runtime's repository named in the
  # bundle; the stand-in runtime is installed already.
  say "plain install failed ($(tail -n 1 "$out/logs/bundle-install.log")); again with --no-deps"
  logged "$out/logs/bundle-install.log" flatpak --user install -y --noninteractive --no-deps "$bundle"
fi
version=$(flatpak run --command=connecteur-cli "$app_id" --version)
say "bundle: $bundle ($(du -h "$bundle" | cut -f1)), installs with flatpak install --user and runs: $version"

step_end
say "passed"
