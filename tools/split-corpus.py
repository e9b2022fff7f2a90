#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Splits the labelled corpus into a tune part and a test part, once.

The test part is only ever scored: rules and lexicons are written while
looking at the tune part alone. All messages of one source go to the same
part, so that one author's style cannot be learnt on one side and scored on
the other. Sources are taken in the order of a hash of their name (a fixed,
arbitrary order), and each joins the test part while that keeps every
language × verdict stratum at or under a third; the rest is the tune part.

    tools/split-corpus.py [CORPUS_DIR] > tests/bench/corpus-split.tsv

Only ids, languages, verdicts and sources are read: the script never prints
a message's text.
"""

import collections
import hashlib
import json
import os
import sys

FILES = ("intro_requests.jsonl", "more_en.jsonl", "more_fr.jsonl")
TEST_SHARE = 1 / 3


def read(corpus_dir):
    records = []
    for name in FILES:
        with open(os.path.join(corpus_dir, name), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    records.append((r["id"], r["lang"], r["verdict"], r["source"]))
    return records


def split(records):
    by_source = collections.defaultdict(list)
    for rec in records:
        by_source[rec[3]].append(rec)

    total = collections.Counter((lang, verdict) for _, lang, verdict, _ in records)
    target = {s: round(n * TEST_SHARE) for s, n in total.items()}
    in_test = collections.Counter()
    part = {}

    def key(source):
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    for source in sorted(by_source, key=key):
        group = collections.Counter((lang, verdict) for _, lang, verdict, _ in by_source[source])
        fits = all(in_test[s] + n <= target[s] for s, n in group.items())
        for rec in by_source[source]:
            part[rec[0]] = "test" if fits else "tune"
        if fits:
            in_test.update(group)
    return part


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "corpus")
    records = read(corpus_dir)
    part = split(records)
    print("# id\tpart — written by tools/split-corpus.py; do not edit")
    for rec in sorted(records, key=lambda r: r[0]):
        print(f"{rec[0]}\t{part[rec[0]]}")
    counts = collections.Counter((part[r[0]], r[1], r[2]) for r in records)
    for k in sorted(counts):
        print(f"split: {k[0]} {k[1]} {k[2]}: {counts[k]}", file=sys.stderr)


if __name__ == "__main__":
    main()
