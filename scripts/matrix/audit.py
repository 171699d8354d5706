"""Writes reports/matrix/audit.md (and audit.json, the counts per server): every case that failed
(or timed out) on a mature server of the last matrix run, each with what justifies the fail. The
verdict for a (case, server) pair comes, in this order, from: a `false:` entry of the case in
reports/matrix/justifications.yaml naming the server (not justified); a server-wide `_transcript`
rule matching what the server sent (e.g. Cheroot's "400 Malformed Request-Line" after a body it
never drained); the case's entry (the RFC MUST, or the desync/hang it names); two rules read off
the transcript (a request left unanswered on an open connection is a hang; a 4xx-then-close
after an early answer is no desync). A fail nothing justifies is listed at the end of audit.md:
a corpus bug, to be fixed in the corpus.

  python3 scripts/matrix/audit.py [DIR]      # DIR: the matrix output (default reports/matrix)"""
import fnmatch
import glob
import json
import os
import re
import sys
from datetime import datetime, timezone

import yaml

sys.path.insert(0, os.path.dirname(__file__))
MATURE = ("nginx", "apache", "lighttpd", "h2o", "caddy", "civetweb", "node-http", "fastify", "express",
          "gunicorn", "uvicorn", "hypercorn", "h11", "twisted", "tornado", "aiohttp", "waitress", "cheroot", "gevent")
BAD = ("fail", "timeout", "error")


def public(text):
    """The text without the pointers into the corpus engineer's working notes (not in the repo)."""
    text = re.sub(r"\s*\((?:see )?notes §\d+\)", "", text)
    text = re.sub(r";?\s*notes §\d+", "", text)
    return text.strip(" ;,")


def family(target):
    return target.rsplit("-", 1)[0]


def rule(c):
    """A verdict read off the transcript alone, or None: (justified, kind, why)."""
    actual, message = c["actual"], c["message"]
    # An error answer that closes the connection after an early answer to the same message: the
    # server drained the body, met the error, refused it and closed; nothing after it ran.
    if "desynchronised" in message and re.search(r"then (4\d\d|5\d\d)[^,]*, then closed by server$", actual) \
            and actual.count(" then ") == 2:
        return (False, "error-then-close", "the 2nd answer is the 4xx for the first message's own framing error, "
                "then the connection closed: nothing after the error was processed (notes §5)")
    # A request left unanswered on a connection the server keeps open: a hang the client sees.
    if re.search(r"expected \d+ responses, got \d+", message) and "still open after" in actual:
        return (True, "hang", "a complete request was left unanswered on a connection the server kept open "
                "(announced keep-alive) until the time bound")
    if c["status"] == "timeout" and "still open" in actual:
        return (True, "hang", "no answer within the time bound on an open connection")
    return None


def transcript_rule(rules, c, fam):
    """A server-wide verdict from what the transcript shows (the `_transcript` list), or None."""
    for r in rules:
        if r["server"] != fam:
            continue
        if "received" in r and r["received"] not in c["received"]:
            continue
        if "message" in r and not re.search(r["message"], c["message"]):
            continue
        if "actual" in r and not re.search(r["actual"], c["actual"]):
            continue
        return (r.get("kind", "MUST") != "not justified", r.get("kind", "MUST"), r["why"])
    return None


def load_justifications(path):
    with open(path) as f:
        data = yaml.safe_load(f) or {}
    return data


def lookup(just, cid, fam, actual=""):
    """The entry for this case (exact id first, then glob patterns), as (justified, kind, why) or None."""
    entry = just.get(cid)
    if entry is None:
        for pat, e in just.items():
            if pat.startswith("_"):
                continue
            if any(ch in pat for ch in "*?[") and fnmatch.fnmatch(cid, pat):
                entry = e
                break
    if entry is None:
        return None
    # YAML 1.1 reads a bare `false:` key as the boolean False.
    false = entry.get("false", entry.get(False, {})) or {}
    if fam in false:
        reason = false[fam]
        # {actual: REGEX, why: ...}: not justified only when the server did that (a server whose
        # answer varies between runs can be justified in one and not in the other).
        if not isinstance(reason, dict):
            return (False, "not justified", reason)
        if re.search(reason["actual"], actual):
            return (False, "not justified", reason["why"])
    only = entry.get("servers")
    if only and fam not in only:
        return None
    return (True, entry.get("kind", "MUST"), entry.get("why", ""))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "reports/matrix"
    just = load_justifications(os.path.join(out_dir, "justifications.yaml"))
    rows = {}
    targets = []
    for path in sorted(glob.glob(os.path.join(out_dir, "targets", "*", "report.json"))):
        target = os.path.basename(os.path.dirname(path))
        fam = family(target)
        if fam not in MATURE:
            continue
        targets.append(target)
        for c in json.load(open(path))["cases"]:
            if c["status"] not in BAD:
                continue
            # An entry for the case speaks first (it knows whether the input was valid); the rules
            # read off the transcript cover the cases no entry names.
            # A case entry that names this server as not justified wins; then what the transcript
            # shows about the server; then the case entry.
            entry_verdict = lookup(just, c["id"], fam, c["actual"])
            if entry_verdict is not None and not entry_verdict[0]:
                verdict = entry_verdict
            else:
                verdict = transcript_rule(just.get("_transcript", []), c, fam) or entry_verdict
            if verdict is None:
                verdict = rule(c)
            rows.setdefault(c["id"], {"case": c, "servers": []})["servers"].append((target, c, verdict))
    justified = [(cid, r) for cid, r in rows.items()]
    n_pairs = sum(len(r["servers"]) for _, r in justified)
    bad_pairs = [(cid, t, c, v) for cid, r in rows.items() for t, c, v in r["servers"] if v is None or not v[0]]
    kinds = {}
    for cid, r in rows.items():
        for t, c, v in r["servers"]:
            if v is not None and v[0]:
                kinds[v[1]] = kinds.get(v[1], 0) + 1
    lines = []
    w = lines.append
    w("# Matrix audit: every fail on a mature server, and what justifies it")
    w("")
    w(f"Written by `scripts/matrix/audit.py` from the run in `reports/matrix/` ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC).")
    w("Mature servers (their fails must each be justified): " + ", ".join(targets) + ".")
    w("The others in the matrix (Python's `http.server` and Werkzeug's development server, both documented as not for")
    w("production; mini_httpd, webfs and BusyBox httpd) are not audited case by case.")
    w("")
    w("A fail is justified by an RFC sentence with MUST (quoted, with its section) that the server's answer")
    w("breaks, or by a concrete desync, leak, crash or hang in the transcript. The justifications are in")
    w("`reports/matrix/justifications.yaml`; two rules read off the transcript are applied by the script: a")
    w("request left unanswered on a connection held open is a hang (justified), and a 4xx-then-close after an")
    w("early answer to the same message is not a desync (not justified). Fails that nothing justifies are")
    w("corpus bugs: they are listed last and reported in the corpus engineer's notes.")
    w("")
    w(f"**{n_pairs} fails** (case x server) on {len(rows)} cases: "
      + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))
      + f"; **not justified: {len(bad_pairs)}** on {len({b[0] for b in bad_pairs})} cases.")
    w("")
    w("## Justified fails")
    w("")
    w("| case | level | servers | justification |")
    w("|---|---|---|---|")
    for cid in sorted(rows, key=lambda k: (-len(rows[k]["servers"]), k)):
        r = rows[cid]
        groups = {}
        for t, c, v in r["servers"]:
            if v is not None and v[0]:
                groups.setdefault((v[1], v[2]), []).append(t)
        c0 = r["case"]
        for (kind, why), ts in groups.items():
            text = why.strip() if why else ""
            if kind == "MUST" and not text:
                text = f"{c0['rfc']}: \"{c0['quote']}\""
            text = public(text).replace("|", "\\|").replace("\n", " ")
            w(f"| `{cid}` | {c0['level']} | {', '.join(ts)} | **{kind}**: {text} |")
    w("")
    w(f"## Not justified ({len(bad_pairs)}): corpus bugs to fix")
    w("")
    w("| case | level | server | what it did | why it is not justified |")
    w("|---|---|---|---|---|")
    for cid, t, c, v in sorted(bad_pairs, key=lambda x: (x[0], x[1])):
        why = public(v[2]) if v else "not reviewed yet"
        actual = c["actual"].replace("|", "\\|")
        w(f"| `{cid}` | {c['level']} | {t} | {actual} | {why} |")
    w("")
    per_target = {t: {"failed": 0, "notJustified": 0} for t in targets}
    for cid, r in rows.items():
        for t, c, v in r["servers"]:
            per_target[t]["failed"] += 1
            if v is None or not v[0]:
                per_target[t]["notJustified"] += 1
    with open(os.path.join(out_dir, "audit.json"), "w") as f:
        json.dump({"fails": n_pairs, "notJustified": len(bad_pairs), "targets": per_target}, f, indent=1)
    with open(os.path.join(out_dir, "audit.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.join(out_dir, 'audit.md')}: {n_pairs} fails, {len(bad_pairs)} not justified")


if __name__ == "__main__":
    main()
