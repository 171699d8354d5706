#!/usr/bin/env bash
# The published comparison of real servers (npm run matrix): installs nginx, Apache httpd,
# lighttpd, gunicorn and uvicorn from Debian's packages, starts each on a free loopback port with
# the minimal config beside this script (plus Python's http.server, a node:http static server
# and the reference server), runs the whole corpus against all of them with `compare`, and
# writes reports/matrix/compare.{md,html,json}, the targets file it used and each server's
# report.json.
#
#   npm run matrix                      # install what is missing (needs root), then compare
#   npm run matrix -- --no-install      # use what is installed
#   npm run matrix -- --tag smoke       # any compare flag: a quicker, partial run
#   npm run matrix -- --parallel 2      # two servers at once (default one: steadier timings)
#
# Exit code: 0 when the comparison was written (the servers differing is the point), 2 when it
# could not be (a package that would not install, a bad flag).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=reports/matrix
install=1
args=()
parallel_given=0
for a in "$@"; do
  if [[ $a == --no-install ]]; then install=0; else args+=("$a"); fi
  [[ $a == --parallel || $a == --parallel=* ]] && parallel_given=1
done
# One server at a time unless told otherwise: a few cases measure timing, and a published
# result should not depend on two servers sharing two cores.
((parallel_given)) || args+=(--parallel 1)

packages=(nginx apache2 lighttpd gunicorn python3-gunicorn python3-uvicorn)
if ((install)); then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
      echo "error: missing Debian packages: ${missing[*]} (run as root, or install them and use --no-install)" >&2
      exit 2
    fi
    echo "installing ${missing[*]}"
    apt-get update -qq
    # Debian starts a service when its package is installed; these would take port 80. The
    # matrix starts its own copies, so keep the package scripts from starting any.
    policy_added=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
      { ((policy_added)) && rm -f /usr/sbin/policy-rc.d; echo "error: apt-get install ${missing[*]} failed" >&2; exit 2; }
    if ((policy_added)); then rm -f /usr/sbin/policy-rc.d; fi
  fi
fi

python=/usr/bin/python3
[[ -x $python ]] || python=python3
version() { # COMMAND...: the first x.y.z in what it prints
  "$@" 2>&1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true
}
nginx_v=$(version nginx -v)
apache_v=$(version apache2 -v)
lighttpd_v=$(version lighttpd -v)
python_v=$(version "$python" --version)
node_v=$(version node --version)
gunicorn_v=$(version gunicorn --version)
uvicorn_v=$(version "$python" -m uvicorn --version)
for v in nginx_v apache_v lighttpd_v python_v node_v gunicorn_v uvicorn_v; do
  [[ -n ${!v} ]] || { echo "error: ${v%_v} is not installed or does not run (npm run matrix installs it as root)" >&2; exit 2; }
done

export MATRIX_RUN
MATRIX_RUN=$(mktemp -d "${TMPDIR:-/tmp}/matrix.XXXXXX")
trap 'rm -rf "$MATRIX_RUN"' EXIT
cd "$repo"
mkdir -p "$out"
targets=$out/targets.yaml
start='bash scripts/matrix/start.sh'
cat >"$targets" <<YAML
# Written by scripts/matrix/run-matrix.sh: each server as Debian packages it, with the minimal
# config in scripts/matrix/. Commands run from the repository's root.
- name: reference
  reference: true
- name: nginx-$nginx_v
  server: "$start nginx {port} {docroot}"
- name: apache-$apache_v
  server: "$start apache {port} {docroot}"
- name: lighttpd-$lighttpd_v
  server: "$start lighttpd {port} {docroot}"
- name: python-http.server-$python_v
  server: "$start python-http-server {port} {docroot}"
- name: node-http-$node_v
  server: "$start node-http {port} {docroot}"
- name: gunicorn-$gunicorn_v
  server: "$start gunicorn {port} {docroot}"
- name: uvicorn-$uvicorn_v
  server: "$start uvicorn {port} {docroot}"
YAML

rm -rf "$out/targets"
status=0
node --import tsx conformance/src/cli/main.ts compare "$targets" --out "$out" ${args[@]+"${args[@]}"} || status=$?
# 1 only says that some server failed some case, which every real server does.
if ((status == 1)); then status=0; fi
exit "$status"
