#!/bin/sh
# Installs what is missing, builds, and starts Connecteur from the build
# directory. The database is the embedded default one
# ($XDG_DATA_HOME/connecteur/connecteur.db, created on first start);
# pass --db PATH (or set CONNECTEUR_DB) to use another. Extra arguments go
# to the app. Without a display, the app runs in a virtual one (Xvfb).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/tools/setup.sh"

# Uninstalled run: the build's settings schema and translations.
export GSETTINGS_SCHEMA_DIR="$build/data"
export CONNECTEUR_LOCALEDIR="$build/po"

if [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]; then
  exec "$build/src/connecteur" "$@"
fi
echo "run: no display here; starting Connecteur in a virtual display (Xvfb). Stop it with Ctrl+C." >&2
exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$build/src/connecteur" "$@"
