#!/bin/sh
# Installs the Debian 12 packages Connecteur needs (only those missing), then
# configures and builds it in BUILD_DIR (default: build). Sourced by run.sh
# and test.sh; can also be run alone.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

packages="
  gcc libc6-dev meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev libsqlite3-dev libjson-glib-dev
  libstemmer-dev libgmime-3.0-dev sqlite3 libcurl4-openssl-dev libsecret-1-dev
  gnome-keyring libsecret-tools dovecot-imapd python3-aiosmtpd openssl
  desktop-file-utils appstream flatpak-builder
  xvfb xauth dbus at-spi2-core fonts-dejavu-core adwaita-icon-theme
  python3-gi gir1.2-atspi-2.0 tzdata
"

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $p"
done

if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  # The tests start their own mail servers: the system's dovecot service must
  # not start (nor fail the install where services cannot run). Keep services
  # down for the install, as container images do, unless a policy exists.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
  fi
  status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing ||
    status=$?
  [ -z "$policy" ] || $sudo rm -f "$policy"
  [ "$status" -eq 0 ] || exit "$status"
fi

if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "$root" >/dev/null
else
  meson setup "$build" "$root"
fi
meson compile -C "$build"
