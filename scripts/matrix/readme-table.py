"""Prints the README's table of the published comparison (the "Published comparison" section) from
reports/matrix/compare.json and audit.json: server, version, score, counts, and the fails the audit
does not justify. Usage: python3 scripts/matrix/readme-table.py [DIR]"""
import json
import os
import sys

NAMES = {
    "reference": ("reference server", ""), "nginx": ("nginx", ""), "apache": ("Apache httpd", ""),
    "lighttpd": ("lighttpd", ""), "h2o": ("h2o", ""), "caddy": ("Caddy", ""), "civetweb": ("CivetWeb", ""),
    "mini-httpd": ("mini_httpd", ""), "webfs": ("webfs", ""), "busybox-httpd": ("BusyBox httpd", ""),
    "node-http": ("`node:http` (Node)", "a small static app"), "fastify": ("Fastify", "@fastify/static"),
    "express": ("Express", "express.static"), "gunicorn": ("gunicorn (gthread)", "WSGI app"),
    "uvicorn": ("uvicorn (h11)", "ASGI app"), "hypercorn": ("Hypercorn (h11)", "ASGI app"),
    "h11": ("h11", "a socket loop on h11"), "twisted": ("Twisted Web", "static.File"),
    "tornado": ("Tornado", "StaticFileHandler"), "aiohttp": ("aiohttp", "FileResponse"),
    "waitress": ("Waitress", "WSGI app"), "cheroot": ("Cheroot", "WSGI app"), "gevent": ("gevent.pywsgi", "WSGI app"),
    "werkzeug": ("Werkzeug dev server", "WSGI app"), "python-http.server": ("Python `http.server`", ""),
}

out_dir = sys.argv[1] if len(sys.argv) > 1 else "reports/matrix"
compare = json.load(open(os.path.join(out_dir, "compare.json")))
audit = json.load(open(os.path.join(out_dir, "audit.json")))["targets"]
print("| server | version | score | passed | warned | failed | timed out | skipped | fails not justified |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
rows = []
for t in compare["targets"]:
    name = t["name"]
    fam, _, version = name.rpartition("-") if name != "reference" else ("reference", "", "")
    label, app = NAMES.get(fam, (fam, ""))
    label = f"{label}, {app}" if app else label
    s = t["summary"]
    nj = audit.get(name, {}).get("notJustified")
    rows.append((s["score"], f"| {label} | {version or '-'} | {s['score']}% | {s['passed']} | {s['warned']} | {s['failed']} | "
                 f"{s['timedOut']} | {s['skipped']} | {'-' if nj is None else nj} |"))
for _, line in sorted(rows, key=lambda r: -r[0]):
    print(line)
