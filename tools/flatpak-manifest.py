#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Variants of the Flatpak manifest, so that only one is maintained.

  flatpak-manifest.py local [MANIFEST] > dev.json
      The release manifest with the app's own module built from this working
      tree (a "dir" source that leaves out build folders and .git).
  flatpak-manifest.py externals [MANIFEST]
      One line per downloaded source of the other modules, tab-separated:
      module, url, sha256, version (read from the file name or the tag).
  flatpak-manifest.py swap [MANIFEST] MODULE=ARCHIVE... > copy.json
      Also swaps each named module's sources for a local archive (its sha256
      computed here); nothing else changes.
  flatpak-manifest.py release TAG [MANIFEST]
      At release time, once TAG exists: writes TAG and its commit into the
      app's git source, in place.

MANIFEST defaults to flatpak/io.github.connecteur.Connecteur.json.
"""

import hashlib
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(ROOT, "flatpak", "io.github.connecteur.Connecteur.json")
APP_MODULE = "connecteur"
# Top-level entries of the working tree that are not sources: build trees
# (build/, build-*/ as in .gitignore), flatpak-builder's state, bundles.
SKIPPED = (".git", ".flatpak-builder", "_build")


def die(message):
    print(f"flatpak-manifest: {message}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dump(manifest, out):
    json.dump(manifest, out, indent=2, ensure_ascii=False)
    out.write("\n")


def app_module(manifest):
    for module in manifest.get("modules", []):
        if isinstance(module, dict) and module.get("name") == APP_MODULE:
            return module
    die(f"no module named {APP_MODULE!r}")


def version_of(source):
    """The release a source names: its tag, or the version in its file name."""
    if source.get("tag"):
        return source["tag"].lstrip("v")
    name = os.path.basename(source.get("url", source.get("path", "")))
    match = re.search(r"(\d+(?:\.\d+)+)", name)
    return match.group(1) if match else "?"


def local_source(root):
    skip = [e for e in sorted(os.listdir(root))
            if e in SKIPPED or e == "build" or e.startswith("build-") or e.endswith(".flatpak")]
    return {"type": "dir", "path": root, "skip": skip}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cmd_local(manifest):
    app_module(manifest)["sources"] = [local_source(ROOT)]
    dump(manifest, sys.stdout)


def cmd_externals(manifest):
    for module in manifest.get("modules", []):
        if not isinstance(module, dict) or module.get("name") == APP_MODULE:
            continue
        for source in module.get("sources", []):
            if isinstance(source, dict) and "url" in source:
                print("\t".join([module["name"], source["url"],
                                 source.get("sha256", source.get("commit", "")),
                                 version_of(source)]))


def cmd_swap(manifest, swaps):
    app_module(manifest)["sources"] = [local_source(ROOT)]
    modules = {m.get("name"): m for m in manifest.get("modules", []) if isinstance(m, dict)}
    for swap in swaps:
        name, sep, archive = swap.partition("=")
        if not sep or name not in modules or name == APP_MODULE:
            die(f"cannot swap {swap!r}: MODULE=ARCHIVE with an external module")
        archive = os.path.abspath(archive)
        modules[name]["sources"] = [{"type": "archive", "path": archive, "sha256": sha256(archive)}]
    dump(manifest, sys.stdout)


def cmd_release(path, tag):
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", "--quiet", f"{tag}^{{commit}}"],
                                check=True, capture_output=True, text=True).stdout.strip()
    except subprocess.CalledProcessError:
        die(f"no tag {tag!r} in this repository: tag the release first")
    manifest = load(path)
    gits = [s for s in app_module(manifest).get("sources", []) if isinstance(s, dict) and s.get("type") == "git"]
    if len(gits) != 1:
        die("the app's module needs exactly one git source")
    gits[0]["tag"] = tag
    gits[0]["commit"] = commit
    with open(path, "w", encoding="utf-8") as f:
        dump(manifest, f)
    print(f"{os.path.relpath(path, ROOT)}: {tag} = {commit}")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    command, args = argv[1], argv[2:]
    if command == "release":
        if not args:
            die("usage: release TAG [MANIFEST]")
        cmd_release(args[1] if len(args) > 1 else DEFAULT, args[0])
        return 0
    path = DEFAULT
    if args and "=" not in args[0]:
        path, args = args[0], args[1:]
    manifest = load(path)
    if command == "local" and not args:
        cmd_local(manifest)
    elif command == "externals" and not args:
        cmd_externals(manifest)
    elif command == "swap":
        cmd_swap(manifest, args)
    else:
        die(f"unknown command or arguments: {' '.join(argv[1:])} (see --help)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
