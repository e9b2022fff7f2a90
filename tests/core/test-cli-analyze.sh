#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# "connecteur-cli analyze" as a script uses it: JSON Lines in, JSON Lines out.
# Reports TAP. Usage: test-cli-analyze.sh PATH-TO-CONNECTEUR-CLI

set -u

cli=${1:?usage: test-cli-analyze.sh PATH-TO-CONNECTEUR-CLI}
. "$(dirname "$0")/cli-tap.sh"
export LC_ALL=C.UTF-8
unset LANGUAGE

if ! command -v python3 >/dev/null 2>&1; then
  echo "1..0 # SKIP python3 is needed to read the JSON output"
  exit 0
fi

"$cli" --help >"$tmp/out" 2>"$tmp/err"
check "--help names the analyze command" grep -q 'analyze' "$tmp/out"

# Requests of every shape the contract allows, in a known order.
python3 - "$tmp/good.jsonl" <<'EOF'
import json, sys
lines = [
    {"id": "fr-1", "lang": "fr",
     "note_to_target": "Bonjour Léa 🤝🏽 ! Je suis consultante RH chez Norma. C'est urgent : "
                       "je prépare un article sur le recrutement et j'aimerais vous poser "
                       "trois questions, cela prendra 20 minutes.",
     "note_to_connector": "Pourriez-vous transmettre ? Léa connaît bien le sujet.",
     "target": {"name": "Léa Dubois", "position": "DRH", "company": "Atos",
                "expertise": ["recrutement", "sécurité"]}},
    {"id": 42, "text": "Hi, I'd like to add you to my professional network on LinkedIn."},
    {"id": None, "text": "Hello {first_name}, can we connect? Please answer ASAP!!!"},
    {"id": 7.5, "note_to_target": "", "lang": "en", "target": None},
    {"text": "Can we connect?", "extra": {"ignored": [1, 2]}},
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for obj in lines:
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")
EOF

"$cli" analyze "$tmp/good.jsonl" >"$tmp/out" 2>"$tmp/err"
check "analyze exits 0 when every line is good" test $? -eq 0
check "analyze writes nothing to stderr when every line is good" test ! -s "$tmp/err"
check "one output line per input line" test "$(wc -l <"$tmp/out")" -eq 5

check "the contract's keys, typed as documented, in the input's order" \
  python3 - "$tmp/good.jsonl" "$tmp/out" <<'EOF'
import json, sys
inputs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
outputs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(inputs) == len(outputs)
elements = ["self_intro", "objective", "specific_ask", "why_you", "effort_bound", "personalised"]
flags = ["generic_template", "placeholders", "pushy", "sales_pitch", "too_short", "common_formula"]
contract = ["id", "lang", "elements", "flags", "reason_to_forward", "score", "verdict"]
for given, out in zip(inputs, outputs):
    assert list(out)[:len(contract)] == contract, list(out)
    # Ids come back as given: strings, numbers, null (or absent: null).
    assert out["id"] == given.get("id") and type(out["id"]) is type(given.get("id")), out["id"]
    assert out["lang"] in ("en", "fr", "und"), out["lang"]
    assert list(out["elements"]) == elements, list(out["elements"])
    note = given.get("note_to_target", given.get("text"))
    for name in elements:
        e = out["elements"][name]
        # connector_spans: the element was said in the note to the connector.
        assert set(e) in ({"present", "spans"}, {"present", "spans", "connector_spans"}), e
        assert isinstance(e["present"], bool)
        assert isinstance(e["spans"], list)
        assert e["present"] or not e["spans"], (name, e)
        for span in e["spans"]:
            assert len(span) == 2 and all(isinstance(x, int) for x in span), span
            assert 0 <= span[0] < span[1] <= len(note), (name, span, len(note))
    assert list(out["flags"]) == flags, list(out["flags"])
    assert all(isinstance(v, bool) for v in out["flags"].values())
    if "note_to_connector" in given:
        assert isinstance(out["reason_to_forward"], bool)
    else:
        assert out["reason_to_forward"] is None
    assert isinstance(out["score"], int) and 0 <= out["score"] <= 100
    assert out["verdict"] in ("motivated", "incomplete", "unsuitable")
    assert all(isinstance(r, str) for r in out["reasons"])
    for ev in out["evidence"]:
        assert ev["flag"] in flags and ev["note"] in ("note_to_target", "note_to_connector")
# The language given is kept; a stock invitation and placeholders are flagged.
assert outputs[0]["lang"] == "fr"
assert outputs[1]["flags"]["generic_template"]
assert outputs[2]["flags"]["placeholders"]
assert outputs[3]["verdict"] != "motivated" and outputs[3]["lang"] == "en"
EOF

# Spans count characters, not bytes: text before a cue with accents and an
# emoji (two code points, eight bytes) shifts nothing compared with plain
# letters, and every piece of evidence's text is the note's text at its span.
python3 - "$tmp/chars.jsonl" <<'EOF'
import json, sys
greeting = "Bonjour Éloïse 🤝🏽 ! "
rest = ("Je suis développeuse chez Norma. C'est très urgent, répondez-moi aujourd'hui : "
        "j'aimerais votre avis sur mon projet, 20 minutes au téléphone suffiront.")
note = greeting + rest
plain = "".join(c if ord(c) < 128 else "x" for c in greeting) + rest
assert len(plain) == len(note)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "accents", "lang": "fr", "text": note}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "plain", "lang": "fr", "text": plain}) + "\n")
EOF
"$cli" analyze "$tmp/chars.jsonl" >"$tmp/out" 2>"$tmp/err"
check "spans are Unicode character offsets into the note" python3 - "$tmp/chars.jsonl" "$tmp/out" <<'EOF'
import json, sys
inputs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
accents, plain = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
note = inputs[0]["text"]
spans = {k: v["spans"] for k, v in accents["elements"].items()}
assert any(spans.values()), "no element found: nothing checked"
assert spans == {k: v["spans"] for k, v in plain["elements"].items()}, (spans, plain)
checked = 0
for ev in accents["evidence"]:
    start, end = ev["span"]
    if ev["note"] == "note_to_target" and ev["text"]:
        assert note[start:end] == ev["text"], (note[start:end], ev)
        checked += 1
assert checked > 0, accents["evidence"]
for start, end in spans["effort_bound"]:
    assert "20" in note[start:end] or "minutes" in note[start:end], note[start:end]
EOF

# Bad lines: named with their number on stderr; the others still come out.
{
  printf '%s\n' '{"id": 1, "text": "Bonjour, je suis recruteuse."}'
  printf '%s\n' '{"id": 2, "text": "not closed"'
  printf '\n'
  printf '%s\n' '{"id": 4, "lang": "fr"}'
  printf '%s\n' '{"id": 5, "note_to_target": 12}'
  printf '{"id": 6, "text": "caf\351"}\n'
  printf '%s\n' '["id", 7]'
  printf '%s\n' '{"id": {"x": 8}, "text": "Bonjour"}'
  printf '%s\n' '{"id": 9, "text": "Bonjour", "target": {"expertise": "rh"}}'
  printf '%s\r\n' '{"id": 10, "text": "Hello, I am a recruiter."}'
} >"$tmp/bad.jsonl"
"$cli" analyze "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"
check "a file with bad lines exits 1" test $? -eq 1
check "the good lines are still analysed, in order" python3 - "$tmp/out" <<'EOF'
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
assert ids == [1, 10], ids
EOF
for line in 2 4 5 6 7 8 9; do
  check "bad line $line is named on stderr" grep -q "bad.jsonl:$line: " "$tmp/err"
done
check "the blank line is skipped silently" sh -c "! grep -q 'bad.jsonl:3:' '$tmp/err'"
check "good lines give no error" sh -c "! grep -Eq 'bad.jsonl:(1|10):' '$tmp/err'"
check "a missing text is explained" sh -c "grep 'bad.jsonl:4:' '$tmp/err' | grep -q note_to_target"
check "invalid UTF-8 is explained" sh -c "grep 'bad.jsonl:6:' '$tmp/err' | grep -q UTF-8"
check "a wrong type names the field" sh -c "grep 'bad.jsonl:9:' '$tmp/err' | grep -q expertise"

# Ids come back exactly as written, even beyond what a double or a 64-bit
# integer holds: every output line stays valid JSON.
{
  printf '%s\n' '{"id": 1e400, "text": "Hello"}'
  printf '%s\n' '{"id": -9223372036854775809, "text": "Hello"}'
  printf '%s\n' '{"id" : 18446744073709551616 , "text": "Hello", "target": {"id": 3}}'
  printf '%s\n' '{"id": 0.10, "text": "Hello"}'
} >"$tmp/ids.jsonl"
"$cli" analyze "$tmp/ids.jsonl" >"$tmp/out" 2>"$tmp/err"
check "huge ids: exit 0" test $? -eq 0
check "huge ids are echoed as written, as valid JSON" python3 - "$tmp/out" <<'EOF'
import json, sys
def refuse(constant):
    raise ValueError(constant)
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line, parse_constant=refuse)
ids = [line.split(",", 1)[0] for line in open(sys.argv[1], encoding="utf-8")]
assert ids == ['{"id":1e400', '{"id":-9223372036854775809', '{"id":18446744073709551616',
               '{"id":0.10'], ids
EOF

# Standard input, with "-" or no file at all, gives the same output.
"$cli" analyze "$tmp/good.jsonl" >"$tmp/from-file" 2>"$tmp/err"
"$cli" analyze - <"$tmp/good.jsonl" >"$tmp/from-dash" 2>"$tmp/err"
check "analyze - reads the standard input" cmp -s "$tmp/from-file" "$tmp/from-dash"
"$cli" analyze <"$tmp/good.jsonl" >"$tmp/from-stdin" 2>"$tmp/err"
check "analyze without a file reads the standard input" cmp -s "$tmp/from-file" "$tmp/from-stdin"
printf '{"text": "x"}\n{oops\n' | "$cli" analyze >/dev/null 2>"$tmp/err"
check "errors on the standard input name the line too" grep -q ':2: ' "$tmp/err"

# A plain-text file is one note; its id is the file's name.
printf '\n  Bonjour Léa 🤝🏽,\nje suis consultante RH chez Norma et je prépare un article.\nPourriez-vous me consacrer 20 minutes ?\n' >"$tmp/note.txt"
"$cli" analyze "$tmp/note.txt" >"$tmp/out" 2>"$tmp/err"
check "a plain-text file exits 0" test $? -eq 0
check "a plain-text file is one note, spans into the file's text" \
  python3 - "$tmp/note.txt" "$tmp/out" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
out = json.loads(lines[0])
assert out["id"] == sys.argv[1], out["id"]
assert out["lang"] == "fr", out["lang"]
for e in out["elements"].values():
    for start, end in e["spans"]:
        assert 0 <= start < end <= len(text)
for ev in out["evidence"]:
    if ev["text"]:
        assert text[ev["span"][0]:ev["span"][1]] == ev["text"], ev
EOF
"$cli" analyze - <"$tmp/note.txt" >"$tmp/out" 2>"$tmp/err"
check "plain text on the standard input has a null id" \
  python3 -c 'import json, sys; assert json.loads(open(sys.argv[1]).read())["id"] is None' "$tmp/out"

# Nothing in, nothing out.
: >"$tmp/empty"
"$cli" analyze "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
check "an empty file exits 0" test $? -eq 0
check "an empty file prints nothing" test ! -s "$tmp/out"

# Usage errors.
"$cli" analyze "$tmp/does-not-exist.jsonl" >"$tmp/out" 2>"$tmp/err"
check "a missing file exits non-zero" test $? -ne 0
check "a missing file is named" grep -q 'does-not-exist.jsonl' "$tmp/err"
"$cli" analyze a b >/dev/null 2>"$tmp/err"
check "two files are refused as a usage error" test $? -eq 2
check "analyze creates no database" test ! -e "$tmp/xdg-data/connecteur/connecteur.db"

# Many lines stream through in order.
python3 - "$tmp/many.jsonl" <<'EOF'
import json, sys
notes = ["Bonjour, je suis recruteuse chez Atos et je cherche un développeur Rust.",
         "Hi, can we connect?", "Please forward my CV, it's urgent!"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(20000):
        f.write(json.dumps({"id": i, "text": notes[i % 3]}) + "\n")
EOF
"$cli" analyze "$tmp/many.jsonl" >"$tmp/out" 2>"$tmp/err"
check "20,000 lines: exit 0" test $? -eq 0
check "20,000 lines come out in order" python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert ids == list(range(20000))' "$tmp/out"

# The reader: ids with every escape come back decoded; a line longer than a
# block of input (1 MB) and a last line with no line break are read.
python3 - "$tmp/escapes.jsonl" <<'EOF'
import json, sys
ids = ["\u00e9\U0001F600\"\\/\b\f\n\r\t", "plain é", "\u2028\uffff"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, id in enumerate(ids):
        f.write(json.dumps({"id": id, "text": "Hi, can we connect?"}, ensure_ascii=i != 1) + "\n")
    f.write(json.dumps({"id": "long", "text": "Hello, I am a recruiter. " * 120000}) + "\n")
    f.write('{"id": "last", "text": "Hi, can we connect?"}')
EOF
"$cli" analyze "$tmp/escapes.jsonl" >"$tmp/out" 2>"$tmp/err"
check "escapes, a 3 MB line, no final line break: exit 0" test $? -eq 0
check "escaped ids come back decoded, the long and the last lines are read" python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
assert ids == ["\u00e9\U0001F600\"\\/\b\f\n\r\t", "plain é", "\u2028\uffff", "long", "last"], ids' "$tmp/out"

echo "1..$n"
test "$failed" -eq 0
