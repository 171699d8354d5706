"""Rewrites the README's "Published comparison" section from the template beside this script
(readme-section.md) and the last run (compare.json, audit.json): the case count, the table, the
audit's counts. Usage: python3 scripts/matrix/readme-section.py MINUTES"""
import json
import subprocess
import sys

here = "scripts/matrix"
minutes = sys.argv[1] if len(sys.argv) > 1 else "about five"
compare = json.load(open("reports/matrix/compare.json"))
audit = json.load(open("reports/matrix/audit.json"))
table = subprocess.run([sys.executable, f"{here}/readme-table.py"], capture_output=True, text=True, check=True).stdout.rstrip()
section = open(f"{here}/readme-section.md").read()
section = (section.replace("__CASES__", str(compare["summary"]["cases"])).replace("__MINUTES__", minutes)
           .replace("__TABLE__", table).replace("__NJ__", str(audit["notJustified"])).replace("__FAILS__", str(audit["fails"])))
readme = open("README.md").read()
start = readme.index("## Published comparison")
end = readme.index("\n## ", start + 5) + 1
open("README.md", "w").write(readme[:start] + section + readme[end:])
print("README.md: Published comparison rewritten")
