"""Lists every case that did not pass or warn on some server of a matrix run, for the audit
(reports/matrix/audit.md): one block per case with the servers that failed it, and with --detail
what each of them answered. Reads DIR/targets/*/report.json (DIR defaults to reports/matrix).

  python3 scripts/matrix/list-fails.py [DIR] [--detail] [--id CASE]... [--server NAME]..."""
import argparse
import glob
import json
import os
import sys

# The servers counted as mature, and what counts as not passing: the audit's.
sys.path.insert(0, os.path.dirname(__file__))
from audit import BAD, MATURE, family  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="reports/matrix")
    ap.add_argument("--detail", action="store_true")
    ap.add_argument("--id", action="append", default=[])
    ap.add_argument("--server", action="append", default=[])
    ap.add_argument("--all", action="store_true", help="also the servers that are not counted as mature")
    a = ap.parse_args()
    by_case = {}
    for path in sorted(glob.glob(os.path.join(a.dir, "targets", "*", "report.json"))):
        target = os.path.basename(os.path.dirname(path))
        fam = family(target)
        if fam == "reference" or (not a.all and fam not in MATURE):
            continue
        if a.server and fam not in a.server:
            continue
        for c in json.load(open(path))["cases"]:
            if c["status"] in BAD and (not a.id or c["id"] in a.id):
                by_case.setdefault(c["id"], []).append((target, c))
    for cid in sorted(by_case, key=lambda k: (-len(by_case[k]), k)):
        rows = by_case[cid]
        first = rows[0][1]
        print(f"## {cid} [{first['level']}] {first['rfc']} ({len(rows)}): {', '.join(t for t, _ in rows)}")
        print(f"   {first['title']}")
        if a.detail:
            print(f"   quote: {first['quote']}")
            for t, c in rows:
                sent = " | ".join(w["text"][:300] for w in c["wire"] if w["kind"] == "write")
                print(f"   - {t}: {c['status']}: {c['message']}")
                print(f"     actual: {c['actual']}")
                print(f"     sent: {sent[:400]}")
                print(f"     got: {c['received'][:300]}")
        print()


main()
