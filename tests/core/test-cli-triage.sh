#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# "connecteur-cli triage": JSON Lines of requests in, each analysis with its
# campaign and repeat fields out, in the input's order. Reports TAP.
# Usage: test-cli-triage.sh PATH-TO-CONNECTEUR-CLI

set -u

cli=${1:?usage: test-cli-triage.sh PATH-TO-CONNECTEUR-CLI}
. "$(dirname "$0")/cli-tap.sh"
export LC_ALL=C.UTF-8
unset LANGUAGE

if ! command -v python3 >/dev/null 2>&1; then
  echo "1..0 # SKIP python3 is needed to read the JSON output"
  exit 0
fi

"$cli" --help >"$tmp/out" 2>"$tmp/err"
check "--help names the triage command" grep -q 'triage' "$tmp/out"

# A campaign of one well-motivated text to three contacts (names and
# greetings changed), the same note sent twice to one contact, a request
# after a decline, and unrelated requests.
python3 - "$tmp/good.jsonl" <<'EOF'
import json, sys
body = ("I am a controller in the food industry preparing a move into responsible "
        "purchasing, and I am running a job survey to validate this plan. Your work on "
        "supplier audits at {company} is exactly the experience I am looking for. Would you "
        "accept a 20-minute call next week to answer three questions?")
def req(id, requester, target, company, date, note, **extra):
    r = {"id": id, "requester": requester,
         "target": {"name": target, "position": "Head of purchasing", "company": company,
                    "expertise": ["purchasing", "supplier audits"]},
         "received_at": date, "note_to_connector": "Could you forward this, please?",
         "note_to_target": note}
    r.update(extra)
    return r
nadia = {"name": "Nadia Benali", "email": "Nadia.Benali@example.org"}
lines = [
    req("c1", nadia, "Claire Fontanel", "Norma", "2025-10-01T09:00:00Z",
        "Hello Claire,\n\n" + body.format(company="Norma") + "\n\nBest regards,\nNadia"),
    req(2, {"name": "Marc Dupuis"}, "Bruno Carrel", "Atos", "2025-10-01T10:00:00+02:00",
        "Bonjour Bruno, je prépare un article sur la sécurité des hôpitaux et j'aimerais "
        "vous poser trois questions par e-mail sur votre projet à Lyon."),
    req("c2", {"name": "nadia benali", "email": "nadia.benali@example.org"}, "Sophie Roux",
        "Atos", "2025-10-02",
        "Dear Sophie Roux,\n" + body.format(company="Atos") + "\nThanks, N. Benali"),
    req("c3", nadia, "Inès Lomme", "Veolia", "2025-10-03T08:00:00Z",
        "Hi Inès! " + body.format(company="Veolia")),
    req("r1", {"name": "Xavier Lomme"}, "Yann Carrel", None, "2025-10-04T08:00:00Z",
        "I'd like to discuss a partnership between our two companies around logistics "
        "software for warehouses, would you have time for a call?"),
    req("r2", {"name": "Xavier  LOMME"}, "Yann Carrel", None, "2025-10-09T08:00:00Z",
        "I'd like to discuss a partnership between our two companies around logistics "
        "software for warehouses, would you have time for a call?"),
    req("d1", {"name": "Tom Weiss"}, "Léa Martin", None, "2025-09-01T08:00:00Z",
        "Could you help me find a job in marketing? I am very motivated.",
        status="declined"),
    req("d2", {"name": "Tom Weiss"}, "Paul Girard", None, "2025-11-20T08:00:00Z",
        "I am organising a conference on water management in Grenoble and would like to "
        "invite you to speak for twenty minutes."),
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for obj in lines:
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")
EOF

"$cli" triage "$tmp/good.jsonl" >"$tmp/out" 2>"$tmp/err"
check "triage exits 0 when every line is good" test $? -eq 0
check "triage writes nothing to stderr when every line is good" test ! -s "$tmp/err"

check "analyze's keys then triage's, typed as documented, in the input's order" \
  python3 - "$tmp/good.jsonl" "$tmp/out" <<'EOF'
import json, sys
inputs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
outputs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(inputs) == len(outputs), (len(inputs), len(outputs))
contract = ["id", "lang", "elements", "flags", "reason_to_forward", "score", "verdict",
            "mass_sent", "campaign", "campaign_size", "repeated", "repeat_count"]
for given, out in zip(inputs, outputs):
    assert list(out)[:len(contract)] == contract, list(out)
    assert out["id"] == given["id"] and type(out["id"]) is type(given["id"])
    assert isinstance(out["mass_sent"], bool) and isinstance(out["repeated"], bool)
    assert out["campaign"] is None or isinstance(out["campaign"], str)
    assert isinstance(out["campaign_size"], int) and isinstance(out["repeat_count"], int)
    assert out["mass_sent"] == (out["campaign"] is not None)
    assert out["repeated"] == (out["repeat_count"] > 0)
    assert out["verdict"] in ("motivated", "incomplete", "unsuitable")
EOF

check "one text to three contacts is one campaign, across lines, named after its first" \
  python3 - "$tmp/out" <<'EOF'
import json, sys
out = {o["id"]: o for o in (json.loads(l) for l in open(sys.argv[1], encoding="utf-8"))}
for id in ("c1", "c2", "c3"):
    o = out[id]
    assert o["mass_sent"] and o["campaign"] == "c1" and o["campaign_size"] == 3, o
    # Never "motivated", however good the note: it was not written for this contact.
    assert o["verdict"] != "motivated" and o["reasons"][0] == "mass_sent", o
    # A campaign is not a repeat by itself (c1 to c3 go to different contacts).
    assert not o["repeated"], o
for id in (2, "r1", "r2", "d1", "d2"):
    assert not out[id]["mass_sent"] and out[id]["campaign_size"] == 0, out[id]
EOF

check "the same note twice to one contact is a repeat; a request after a decline too" \
  python3 - "$tmp/out" <<'EOF'
import json, sys
out = {o["id"]: o for o in (json.loads(l) for l in open(sys.argv[1], encoding="utf-8"))}
assert not out["r1"]["repeated"] and out["r1"]["repeat_count"] == 0
assert out["r2"]["repeated"] and out["r2"]["repeat_count"] == 1 and "repeated" in out["r2"]["reasons"]
assert not out["d1"]["repeated"]
assert out["d2"]["repeated"] and out["d2"]["repeat_count"] == 1
assert not out[2]["repeated"]
EOF

# The standard input works like a file.
"$cli" triage - <"$tmp/good.jsonl" >"$tmp/stdin-out" 2>"$tmp/err"
check "triage reads the standard input" cmp -s "$tmp/out" "$tmp/stdin-out"

# Bad lines: named on stderr, the others still triaged together, exit 1.
python3 - "$tmp/good.jsonl" "$tmp/bad.jsonl" <<'EOF'
import json, sys
good = open(sys.argv[1], encoding="utf-8").read().splitlines()
bad = [good[0], "{not json", good[2],
       json.dumps({"id": "x", "requester": {"name": "A"}, "target": {"name": "B"},
                   "note_to_target": "Hello there, a note without a date at all."}),
       json.dumps({"id": "y", "requester": "A", "target": {"name": "B"},
                   "received_at": "2025-10-01", "note_to_target": "A note."}),
       json.dumps({"id": "z", "requester": {"name": "A"}, "target": {"name": "B"},
                   "received_at": "yesterday", "note_to_target": "A note."}),
       "", good[3]]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(bad) + "\n")
EOF
"$cli" triage "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"
check "triage exits 1 when a line is bad" test $? -eq 1
check "the bad lines are named on stderr, with the problem" \
  python3 - "$tmp/err" <<'EOF'
import sys
err = open(sys.argv[1], encoding="utf-8").read()
assert ":2: The line is not valid JSON" in err, err
assert ":4:" in err and "received_at" in err, err
assert ":5:" in err and "requester" in err, err
assert ":6:" in err, err
assert ":3:" not in err and ":1:" not in err and ":8:" not in err, err
EOF
check "the good lines are still triaged, together" \
  python3 - "$tmp/out" <<'EOF'
import json, sys
outs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [o["id"] for o in outs] == ["c1", "c2", "c3"], outs
assert all(o["mass_sent"] and o["campaign_size"] == 3 for o in outs)
EOF

# A campaign is named after its first request's id as written, or its line.
python3 - "$tmp/ids.jsonl" <<'EOF'
import random, sys
random.seed(3)
words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango uniform victor whiskey xray").split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for g, first in enumerate(['7', '-0', '1e2', '7.5', '9223372036854775808', '-12', None,
                               '"x"']):
        text = " ".join(random.choice(words) for _ in range(30))
        for t in range(3):
            id = first if t == 0 else '"g%d-%d"' % (g, t)
            member = "" if id is None else ', "id": ' + id
            f.write('{"requester": {"name": "R%d"}, "target": {"name": "Contact %d"}, '
                    '"received_at": "2026-01-0%dT10:00:00Z", "note_to_target": "%s"%s}\n'
                    % (t, t, 1 + t, text, member))
EOF
"$cli" triage "$tmp/ids.jsonl" >"$tmp/out" 2>"$tmp/err"
check "a campaign is named after its first request's id as written, or its line" \
  python3 - "$tmp/out" <<'EOF'
import json, sys
outs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
names = [o["campaign"] for o in outs[::3]]
assert names == ["7", "-0", "1e2", "7.5", "9223372036854775808", "-12", "line 19", "x"], names
assert all(o["campaign"] == outs[3 * (i // 3)]["campaign"] for i, o in enumerate(outs)), outs
EOF

# A note json-glib reads (a lone surrogate, which our reader leaves to it) is
# not UTF-8: the analyzer says so, on the lines after notes our reader took.
cat >"$tmp/surrogate.jsonl" <<'EOF'
{"id": 1, "requester": {"name": "A"}, "target": {"name": "B"}, "received_at": "2026-01-01T00:00:00Z", "note_to_target": "Hello, could you introduce me?"}
{"id": 2, "requester": {"name": "A"}, "target": {"name": "C"}, "received_at": "2026-01-02T00:00:00Z", "note_to_target": "a\ud800b"}
{"id": 3, "requester": {"name": "A"}, "target": {"name": "D"}, "received_at": "2026-01-03T00:00:00Z", "note_to_target": "Hello again"}
EOF
"$cli" triage "$tmp/surrogate.jsonl" >"$tmp/out" 2>"$tmp/err"
status=$?
check "a note json-glib reads that is not UTF-8 is reported, the others analysed" \
  sh -c "[ $status -eq 1 ] && grep -q ':2: The note to the contact is not valid text' '$tmp/err' &&
    [ \$(wc -l <'$tmp/out') -eq 2 ]"

echo "1..$n"
