#!/bin/sh
# Checks that the analyzer's data can be made again from the corpus, byte for
# byte: the split of the corpus (tools/split-corpus.py) and the model's
# weights (tools/train-analyzer) are the ones committed. A lexicon changed
# without training again, or a split edited by hand, fails here.
# Exit status: 0 ok, 1 differs, 77 skipped (meson's convention) when the
# corpus is not beside the project.
# Usage: check-model.sh SOURCE_ROOT TRAIN_ANALYZER

set -u

srcroot=${1:?usage: check-model.sh SOURCE_ROOT TRAIN_ANALYZER}
train=${2:?usage: check-model.sh SOURCE_ROOT TRAIN_ANALYZER}
corpus=${CONNECTEUR_SHARED:-$srcroot/../shared}/corpus

if [ ! -f "$corpus/intro_requests.jsonl" ]; then
  echo "SKIP: no corpus in $corpus" >&2
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

python3 "$srcroot/tools/split-corpus.py" "$corpus" >"$tmp/split.tsv" 2>/dev/null || status=1
if ! cmp -s "$tmp/split.tsv" "$srcroot/tests/bench/corpus-split.tsv"; then
  echo "The corpus split differs from tools/split-corpus.py's:" >&2
  diff "$srcroot/tests/bench/corpus-split.tsv" "$tmp/split.tsv" | head -20 >&2
  status=1
fi

"$train" --split "$srcroot/tests/bench/corpus-split.tsv" "$corpus" >"$tmp/analyzer.model" || status=1
if ! cmp -s "$tmp/analyzer.model" "$srcroot/data/lexicons/analyzer.model"; then
  echo "data/lexicons/analyzer.model is not what training gives: run" >&2
  echo "  build/tools/train-analyzer > data/lexicons/analyzer.model" >&2
  diff "$srcroot/data/lexicons/analyzer.model" "$tmp/analyzer.model" | head -20 >&2
  status=1
fi

[ "$status" -eq 0 ] && echo "split and weights reproduced"
exit "$status"
