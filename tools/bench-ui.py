#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The UI benchmark's runner: see tools/bench-ui.sh and README.md.

Generates the data set (tests/bench/bench-ui-gen), then runs, in one batch
and interleaved, the app (bench-ui-app) and the floor (bench-ui-floor) the
same number of times, each printing one JSON line per figure; prints the
medians, their ratios and the targets of issue 17, and writes them all to
OUT/bench-ui.json. Runs itself under xvfb-run when there is no display."""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (key, label, app (variant, what), floor (variant, what), stat, target, check)
# variants: full (the data set), empty (empty database / empty window).
# check(app, floor) -> bool; None: no target.
def LE(limit):
    """An absolute target: checked even for a figure without a floor."""
    check = lambda a, f: a <= limit
    check.absolute = True
    return check


RATIO = lambda limit: (lambda a, f: f > 0 and a / f <= limit)
PLUS = lambda extra: (lambda a, f: a <= f + extra)


def rows(args):
    n = f"{args.requests:,}"
    c = f"{args.campaigns:,}"
    return [
        ("start", f"start → first painted frame, {n} requests (ms; floor: empty window)",
         ("full", "start_first_frame"), ("empty", "start_first_frame"), "median",
         "≤ 1.5× floor", RATIO(1.5)),
        ("start_empty", "start → first painted frame, empty database (ms)",
         ("empty", "start_first_frame"), ("empty", "start_first_frame"), "median",
         "≤ 1.5× floor", RATIO(1.5)),
        ("settled", f"start → settled, background work done (ms; floor: {n} rows)",
         ("full", "start_settled"), ("full", "start_settled"), "median", "—", None),
        ("start_stall", "longest main-loop stall, first frame → settled (ms)",
         ("full", "start_stall"), ("full", "start_stall"), "median", "≤ 16 ms", LE(16)),
        ("rss_start", "resident memory after start (MiB)",
         ("full", "rss_settled"), ("full", "rss_settled"), "median", "≤ floor + 60", PLUS(60)),
        ("rss_scrolled", "resident memory after a full scroll (MiB)",
         ("full", "rss_scrolled"), ("full", "rss_scrolled"), "median", "≤ floor + 60",
         PLUS(60)),
        ("filter", "verdict filter change → painted (ms)",
         ("full", "filter"), ("full", "filter"), "median", "≤ 50 ms", LE(50)),
        ("filter_all", "verdict filter back to All → painted (ms)",
         ("full", "filter_all"), ("full", "filter_all"), "median", "≤ 50 ms", LE(50)),
        ("view_todo", "view To do → painted (ms)",
         ("full", "view_todo"), ("full", "view_todo"), "median", "≤ 50 ms", LE(50)),
        ("view_handled", "view Handled → painted (ms)",
         ("full", "view_handled"), ("full", "view_handled"), "median", "≤ 50 ms", LE(50)),
        ("view_all", "view All → painted (ms)",
         ("full", "view_all"), ("full", "view_all"), "median", "≤ 50 ms", LE(50)),
        ("search_set", "request search, a word set → painted (ms)",
         ("full", "search_set"), ("full", "search_set"), "median", "≤ 50 ms", LE(50)),
        ("search_clear", "request search cleared → painted (ms)",
         ("full", "search_clear"), ("full", "search_clear"), "median", "≤ 50 ms", LE(50)),
        ("change_stall", "longest stall in filter/view/search changes, worst (ms)",
         ("full", ["filter_stall", "filter_all_stall", "view_todo_stall", "view_handled_stall",
                   "view_all_stall", "search_set_stall", "search_clear_stall"]),
         ("full", ["filter_stall", "filter_all_stall", "view_todo_stall", "view_handled_stall",
                   "view_all_stall", "search_set_stall", "search_clear_stall"]),
         "max", "≤ 16 ms", LE(16)),
        ("type_requests", "keystroke → painted, request search (ms)",
         ("full", "type_requests"), ("full", "type_requests"), "median", "≤ 16 ms", LE(16)),
        ("type_contacts", "keystroke → painted, contacts search (ms)",
         ("full", "type_contacts"), ("full", "type_contacts"), "median", "≤ 16 ms", LE(16)),
        ("contacts_clear", "contacts search cleared → painted (ms)",
         ("full", "contacts_clear"), ("full", "contacts_clear"), "median", "—", None),
        ("campaigns", f"Campaigns window, {c} campaigns: open → painted (ms)",
         ("full", "campaigns_open"), ("full", "campaigns_open"), "median", "≤ 100 ms", LE(100)),
        ("campaigns_stall", "longest stall while the Campaigns window opens (ms)",
         ("full", "campaigns_open_stall"), ("full", "campaigns_open_stall"), "median", "—", None),
        ("open_request", "select a request → detail painted (ms)",
         ("full", "open_request"), ("full", "open_request"), "median", "≤ 16 ms", LE(16)),
        ("scroll_drag", "scroll end to end (scroll-bar drag): frame work p99 (ms)",
         ("full", "scroll_drag_p99"), ("full", "scroll_drag_p99"), "median", "≤ 16 ms", LE(16)),
        ("scroll_wheel", "scroll 60 px a frame: frame work p99 (ms)",
         ("full", "scroll_wheel_p99"), ("full", "scroll_wheel_p99"), "median", "≤ 16 ms",
         LE(16)),
    ]


def parse_args():
    p = argparse.ArgumentParser(description="The UI benchmark of issue 17.")
    p.add_argument("--quick", action="store_true",
                   help="one run of each program, one repetition of each input")
    p.add_argument("--requests", type=int, default=100000)
    p.add_argument("--campaigns", type=int, default=1500,
                   help="campaigns in the data set (1500; try 50000)")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--runs", type=int, help="process runs of each program (3; quick: 1)")
    p.add_argument("--reps", type=int, help="repetitions of each input in a run (5; quick: 1)")
    p.add_argument("--renderer", default=os.environ.get("GSK_RENDERER", "cairo"),
                   help="GSK_RENDERER (cairo)")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", help="where data and results go (BUILD/bench-ui)")
    p.add_argument("--no-build", action="store_true", help="do not build the programs first")
    p.add_argument("--no-cli", action="store_true", help="skip the command-line rows")
    p.add_argument("--check", action="store_true",
                   help="fail unless every row has its figures (the suite's smoke test)")
    p.add_argument("--in-xvfb", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    a.runs = a.runs or (1 if a.quick else 3)
    a.reps = a.reps or (1 if a.quick else 5)
    a.out = os.path.abspath(a.out or os.path.join(a.build, "bench-ui"))
    a.build = os.path.abspath(a.build)
    return a


def in_display(args):
    """Re-runs this script under xvfb-run when there is no display."""
    if os.environ.get("DISPLAY") or args.in_xvfb:
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        print("bench-ui: no display and no xvfb-run: skipped", file=sys.stderr)
        sys.exit(77)
    # A session bus as on a desktop: GApplication registers on it.
    bus = []
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("dbus-run-session"):
        bus = [shutil.which("dbus-run-session"), "--"]
    cmd = [xvfb, "-a", "-s", "-screen 0 1600x1200x24"] + bus + [
        sys.executable, os.path.abspath(__file__), "--in-xvfb"] + sys.argv[1:]
    sys.exit(subprocess.call(cmd))


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def machine(args):
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(pkg):
        try:
            return subprocess.run(["pkg-config", "--modversion", pkg], capture_output=True,
                                  text=True).stdout.strip() or "?"
        except OSError:
            return "?"

    buildtype = "?"
    try:
        info = subprocess.run(["meson", "introspect", "--buildoptions", args.build],
                              capture_output=True, text=True).stdout
        for o in json.loads(info or "[]"):
            if o["name"] == "buildtype":
                buildtype = o["value"]
    except (OSError, ValueError):
        pass
    return {
        "nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(),
        "gtk": version("gtk4"), "libadwaita": version("libadwaita-1"),
        "renderer": args.renderer, "display": "Xvfb" if args.in_xvfb else os.environ.get(
            "DISPLAY", "?"),
        "buildtype": buildtype, "load_before": os.getloadavg(),
    }


def generate(args, gen):
    data = os.path.join(args.out, f"data-{args.requests}-{args.campaigns}-{args.seed}")
    stamp = os.path.join(data, "stamp")
    if not (os.path.exists(stamp) and os.path.getmtime(stamp) >= os.path.getmtime(gen)):
        shutil.rmtree(data, ignore_errors=True)
        print(f"bench-ui: generating {args.requests} requests in {data}", file=sys.stderr)
        subprocess.run([gen, "--requests", str(args.requests), "--campaigns",
                        str(args.campaigns), "--seed", str(args.seed), data], check=True,
                       stdout=sys.stderr)
        open(stamp, "w").close()
    return data


def env_for(args, home):
    env = dict(os.environ)
    env.update({
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": os.path.abspath(os.path.join(args.build, "data")),
        "GSK_RENDERER": args.renderer,
        "GDK_BACKEND": "x11",
        "NO_AT_BRIDGE": "1",
        # Without an accessibility bus: the first program of a batch would
        # pay for starting it.
        "GTK_A11Y": "none",
        # Absolute: with a relative folder, every translated string asks for
        # the working directory.
        "CONNECTEUR_LOCALEDIR": os.path.abspath(os.path.join(args.build, "po")),
        "LANGUAGE": "en", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
    })
    env.pop("G_DEBUG", None)
    return env


def copy_db(src_dir, dst_dir):
    os.makedirs(dst_dir, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        dst = os.path.join(dst_dir, "connecteur.db" + suffix)
        if os.path.exists(dst):
            os.remove(dst)
        src = os.path.join(src_dir, "connecteur.db" + suffix)
        if os.path.exists(src):
            shutil.copyfile(src, dst)
    return os.path.join(dst_dir, "connecteur.db")


def run_program(cmd, env, log, figures_path):
    """Figures go to a file as they come: an interrupted run keeps them."""
    figures = []
    with open(figures_path, "w") as out:
        proc = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.PIPE, text=True,
                              timeout=3600)
    log.write(f"$ {' '.join(cmd)}\n{proc.stderr}\n")
    with open(figures_path) as f:
        stdout = f.read()
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                figures.append(json.loads(line))
            except ValueError:
                log.write(f"unparsed: {line}\n")
    if proc.returncode != 0:
        log.write(f"exit status {proc.returncode}\n")
    return figures, proc.returncode


def batch(args, data, empty, log):
    """Runs floor and app interleaved; samples[(subject, variant)][what] = [values]."""
    bench = os.path.join(args.build, "tests", "bench")
    home = tempfile.mkdtemp(prefix="bench-ui-home-")
    env = env_for(args, home)
    script = ["--quick"] if args.quick else []
    script.append(f"--reps={args.reps}")
    samples = {}
    failures = []
    size = ["--requests", str(args.requests), "--campaigns", str(args.campaigns)]
    for run in range(args.runs):
        jobs = [
            ("floor", "empty", [os.path.join(bench, "bench-ui-floor"), "--requests", "0",
                                "--start-only"]),
            ("app", "empty", [os.path.join(bench, "bench-ui-app"), "--db",
                              copy_db(empty, os.path.join(args.out, "run-empty")),
                              "--start-only"]),
            ("floor", "full", [os.path.join(bench, "bench-ui-floor")] + size + script),
            ("app", "full", [os.path.join(bench, "bench-ui-app"), "--db",
                             copy_db(data, os.path.join(args.out, "run-full"))] + script),
        ]
        for subject, variant, cmd in jobs:
            print(f"bench-ui: run {run + 1}/{args.runs}: {subject} ({variant})",
                  file=sys.stderr)
            figures, status = run_program(
                cmd, env, log, os.path.join(args.out, f"figures-{subject}-{variant}-{run + 1}.jsonl"))
            if status != 0:
                failures.append(f"{subject} {variant} exited with {status}")
            for fig in figures:
                samples.setdefault((subject, variant), {}).setdefault(fig["what"], []).append(
                    fig["value"])
    shutil.rmtree(home, ignore_errors=True)
    return samples, failures


def stat(values, how):
    values = [v for v in values if v is not None and v >= 0]
    if not values:
        return None
    return max(values) if how == "max" else statistics.median(values)


def pick(samples, subject, spec, how):
    variant, what = spec
    whats = what if isinstance(what, list) else [what]
    values = []
    for w in whats:
        values += samples.get((subject, variant), {}).get(w, [])
    # A figure of -1 is an input whose frame never came (within two minutes).
    if any(v < 0 for v in values):
        return None
    return stat(values, how)


def cli_rows(args, data, log):
    """Triage CPU time on the generated requests; database size against the
    raw CSV; sqlite3's .import of the same CSV as a floor."""
    out = []
    cli = os.path.join(args.build, "src", "connecteur-cli")
    jsonl = os.path.join(data, "requests.jsonl")
    if os.path.exists(cli) and os.path.exists(jsonl):
        env = env_for(args, tempfile.mkdtemp(prefix="bench-ui-home-"))
        before = cpu_children()
        with open(jsonl) as f:
            proc = subprocess.run([cli, "triage", "-"], stdin=f, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, env=env)
        cpu = cpu_children() - before
        log.write(f"$ connecteur-cli triage: {proc.returncode} {proc.stderr[-2000:]}\n")
        target = "≤ 1 s" if args.requests == 100000 else "—"
        out.append(("triage", f"connecteur-cli triage, {args.requests:,} requests: CPU (s)",
                    cpu if proc.returncode == 0 else None, None, target,
                    LE(1.0) if args.requests == 100000 else None))
    csvs = [os.path.join(data, n) for n in
            ("contacts.csv", "requesters.csv", "requests.csv", "events.csv")]
    db = os.path.join(data, "connecteur.db")
    if all(os.path.exists(p) for p in csvs + [db]):
        csv_mb = sum(os.path.getsize(p) for p in csvs) / 1e6
        db_mb = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 1e6
        out.append(("db_size", "database size (MB; floor: the raw CSV files)", db_mb, csv_mb,
                    "≤ 2× floor", RATIO(2)))
        sqlite3 = shutil.which("sqlite3")
        if sqlite3:
            target_db = os.path.join(args.out, "sqlite3-import.db")
            if os.path.exists(target_db):
                os.remove(target_db)
            cmds = [".mode csv"] + [f".import '{p}' {os.path.basename(p)[:-4]}" for p in csvs]
            before, t0 = cpu_children(), time.monotonic()
            subprocess.run([sqlite3, target_db] + cmds, check=True, capture_output=True)
            wall, cpu = time.monotonic() - t0, cpu_children() - before
            out.append(("sqlite3_import", "sqlite3 .import of the same CSV files, wall (s)",
                        None, wall, "—", None))
            out.append(("sqlite3_size", "database size after sqlite3 .import (MB)",
                        None, os.path.getsize(target_db) / 1e6, "—", None))
    return out


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def main():
    args = parse_args()
    in_display(args)
    os.makedirs(args.out, exist_ok=True)
    if not args.no_build:
        subprocess.run(["nice", "-n", "19", "ninja", "-C", args.build, "-j2",
                        "tests/bench/bench-ui-gen", "tests/bench/bench-ui-app",
                        "tests/bench/bench-ui-floor", "src/connecteur-cli"], check=True,
                       stdout=sys.stderr)
    gen = os.path.join(args.build, "tests", "bench", "bench-ui-gen")
    data = generate(args, gen)
    empty = os.path.join(args.out, "data-empty")
    shutil.rmtree(empty, ignore_errors=True)
    subprocess.run([gen, "--empty", empty], check=True, stdout=subprocess.DEVNULL)
    info = machine(args)
    log_path = os.path.join(args.out, "bench-ui.log")
    with open(log_path, "w") as log:
        samples, failures = batch(args, data, empty, log)
        extra = [] if args.no_cli else cli_rows(args, data, log)
    info["load_after"] = os.getloadavg()

    table = []
    for key, label, app_spec, floor_spec, how, target, check in rows(args):
        a = pick(samples, "app", app_spec, how)
        f = pick(samples, "floor", floor_spec, how)
        table.append((key, label, a, f, target, check))
    table += extra

    print(f"\nConnecteur UI benchmark: {args.requests:,} requests, {args.campaigns:,} campaigns, "
          f"seed {args.seed}; {args.runs} run(s) × {args.reps} repetition(s), medians")
    print(f"machine: {info['nproc']} × {info['cpu']}; GTK {info['gtk']}, libadwaita "
          f"{info['libadwaita']}; GSK_RENDERER={info['renderer']} on {info['display']}; "
          f"build {info['buildtype']}; load average {info['load_before'][0]:.2f} before, "
          f"{info['load_after'][0]:.2f} after")
    print(f"command: tools/bench-ui.sh {' '.join(a for a in sys.argv[1:] if a != '--in-xvfb')}")
    print()
    header = ("what", "app", "floor", "ratio", "target", "met?")
    lines = []
    results = []
    for key, label, a, f, target, check in table:
        ratio = a / f if a is not None and f not in (None, 0) else None
        met = None
        if check is not None and a is not None and (
                f is not None or getattr(check, "absolute", False)):
            try:
                met = check(a, f if f is not None else 0)
            except ZeroDivisionError:
                met = None
        lines.append((label, fmt(a), fmt(f), fmt(ratio) + ("×" if ratio is not None else ""),
                      target, "—" if met is None else ("yes" if met else "NO")))
        results.append({"key": key, "what": label, "app": a, "floor": f, "ratio": ratio,
                        "target": target, "met": met})
    widths = [max(len(r[i]) for r in lines + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in lines:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
    for failure in failures:
        print(f"bench-ui: {failure} (see {log_path})")

    result_path = os.path.join(args.out, "bench-ui.json")
    with open(result_path, "w") as f:
        json.dump({"machine": info, "args": {k: v for k, v in vars(args).items()},
                   "rows": results,
                   "samples": {f"{s}/{v}": w for (s, v), w in samples.items()}},
                  f, indent=1, ensure_ascii=False)
    print(f"\nJSON: {result_path}; programs' messages: {log_path}")

    if args.check:
        missing = [r["key"] for r in results
                   if r["key"] not in ("sqlite3_import", "sqlite3_size", "triage")
                   and (r["app"] is None or r["floor"] is None)]
        missing += [r["key"] for r in results if r["key"] == "triage" and r["app"] is None]
        keys = {r["key"] for r in results}
        missing += [k for k in ("triage", "db_size") if k not in keys]
        if failures or missing:
            print(f"bench-ui: incomplete: {', '.join(failures + missing)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
