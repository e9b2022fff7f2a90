#!/bin/sh
# Checks the Flatpak manifest: policy rules with python3 (no host file system
# access, a supported stable runtime branch, every downloaded source pinned, from
# its upstream project and tracked for updates), then syntax with
# `flatpak-builder --show-manifest`.
# Exit status: 0 ok, 1 failure, 77 skipped (meson's convention) when
# flatpak-builder is not installed (the policy checks still run first).
# Usage: check-flatpak-manifest.sh MANIFEST.json

set -u

manifest=${1:?usage: check-flatpak-manifest.sh MANIFEST.json}

if [ ! -f "$manifest" ]; then
  echo "FAIL: manifest not found: $manifest" >&2
  exit 1
fi

if command -v python3 >/dev/null 2>&1; then
  python3 - "$manifest" <<'PYEOF' || exit 1
import json
import sys

path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
except (OSError, ValueError) as e:
    print(f"FAIL: {path} is not valid JSON: {e}", file=sys.stderr)
    sys.exit(1)

problems = []

# The oldest GNOME runtime still supported: raise it when one reaches its end
# of life (stores refuse those).
OLDEST_SUPPORTED_GNOME = 50

version = str(manifest.get("runtime-version", ""))
if not version:
    problems.append("no runtime-version")
elif version in ("master", "main", "nightly") or version.endswith("beta"):
    problems.append(f"runtime-version {version!r} is not a stable branch")
elif manifest.get("runtime") == "org.gnome.Platform" and \
        (not version.isdigit() or int(version) < OLDEST_SUPPORTED_GNOME):
    problems.append(f"runtime-version {version!r} is an end-of-life GNOME runtime "
                    f"(oldest supported: {OLDEST_SUPPORTED_GNOME})")

for arg in manifest.get("finish-args", []):
    if arg.startswith(("--filesystem=host", "--filesystem=home", "--filesystem=~")):
        problems.append(f"finish-arg {arg!r} grants host/home file access; use portals")
    if arg == "--socket=x11":
        problems.append("finish-arg '--socket=x11': use --socket=fallback-x11 with wayland")


def check_modules(modules, where):
    for module in modules:
        if isinstance(module, str):
            # A module stored in a separate file: not resolved here.
            continue
        name = module.get("name", "?")
        for i, source in enumerate(module.get("sources", [])):
            if isinstance(source, str):
                continue
            kind = source.get("type", "")
            label = f"{where}{name}: source {i} ({kind})"
            if kind == "dir":
                problems.append(f"{label} copies a local folder (build/, .git); the release "
                                "builds from git, `tools/flatpak-manifest.py local` from here")
                continue
            if kind in ("file", "patch", "script", "shell", "inline") and \
               "url" not in source:
                continue  # local content, part of the repository
            if kind == "git":
                # A tag alone is what the repository carries between releases;
                # the release writes its commit too (tools/flatpak-manifest.py
                # release TAG). A branch moves.
                if not source.get("commit") and not source.get("tag"):
                    problems.append(f"{label} has neither a commit nor a tag")
            elif kind in ("bzr", "svn"):
                if not source.get("revision") and not source.get("commit"):
                    problems.append(f"{label} has no fixed revision")
            elif not source.get("sha256") and not source.get("sha512"):
                problems.append(f"{label} has no sha256")
            url = source.get("url", "")
            if url and not url.startswith("https://"):
                problems.append(f"{label} is not fetched over https: {url}")
            # A distribution's pool drops a version when the distribution does.
            if "/pool/" in url or "snapshot.debian.org" in url:
                problems.append(f"{label} comes from a distribution's pool, not upstream: {url}")
            if url and "x-checker-data" not in source:
                problems.append(f"{label} has no x-checker-data: its updates go unnoticed")
        check_modules(module.get("modules", []), f"{where}{name}/")


check_modules(manifest.get("modules", []), "")

if problems:
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    sys.exit(1)
print(f"ok: {path} passes the policy checks")
PYEOF
else
  echo "note: python3 not found, policy checks skipped" >&2
fi

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "SKIP: flatpak-builder not found" >&2
  exit 77
fi

# flatpak-builder leaves a .flatpak-builder/ state directory in the current
# directory: run it from a scratch directory.
case $manifest in
  /*) ;;
  *) manifest="$(pwd)/$manifest" ;;
esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/check-flatpak.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM

if ! out=$(cd "$scratch" && flatpak-builder --show-manifest "$manifest" 2>&1 >/dev/null); then
  echo "FAIL: flatpak-builder --show-manifest rejected $manifest:" >&2
  echo "$out" >&2
  exit 1
fi
echo "ok: flatpak-builder --show-manifest accepts $manifest"
exit 0
