#!/usr/bin/env bash
# The published comparison of real servers (npm run matrix): installs 24 servers (Debian's
# packages: nginx, Apache httpd, lighttpd, h2o, Caddy, CivetWeb, mini_httpd, webfs, BusyBox httpd,
# gunicorn, uvicorn, Hypercorn, Twisted, Tornado, aiohttp, Waitress, Cheroot, gevent, Werkzeug
# and h11; npm: Fastify and Express, pinned in scripts/matrix/npm/), starts each on a free
# loopback port with the minimal config or small app beside this script (plus Python's
# http.server, a node:http static server and the reference server), runs the whole corpus
# against all of them with `compare`, and writes reports/matrix/compare.{md,html,json}, the
# targets file it used and each server's report.json, then audits the fails (audit.py).
#
#   npm run matrix                      # install what is missing (needs root), then compare
#   npm run matrix -- --no-install      # use what is installed
#   npm run matrix -- --tag smoke       # any compare flag: a quicker, partial run
#   npm run matrix -- --parallel 2      # two servers at once (default one: steadier timings)
#   npm run matrix -- --targets-only    # write reports/matrix/targets.yaml and stop
#
# Exit code: 0 when the comparison was written (the servers differing is the point), 2 when it
# could not be (a package that would not install, a bad flag).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=reports/matrix
install=1
targets_only=0
args=()
parallel_given=0
for a in "$@"; do
  if [[ $a == --no-install ]]; then install=0
  elif [[ $a == --targets-only ]]; then targets_only=1
  else args+=("$a"); fi
  [[ $a == --parallel || $a == --parallel=* ]] && parallel_given=1
done
# One server at a time unless told otherwise: a few cases measure timing, and a published
# result should not depend on two servers sharing two cores.
((parallel_given)) || args+=(--parallel 1)

packages=(nginx apache2 lighttpd h2o caddy civetweb mini-httpd webfs busybox gunicorn python3-gunicorn
  python3-uvicorn python3-hypercorn python3-h11 python3-twisted python3-tornado python3-aiohttp
  python3-waitress python3-cheroot python3-gevent python3-werkzeug python3-yaml)
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
  # Fastify and Express, at the versions package-lock.json pins (no root needed).
  if [[ ! -d $here/npm/node_modules/fastify || ! -d $here/npm/node_modules/express ]]; then
    echo "installing fastify and express (npm ci in scripts/matrix/npm)"
    npm ci --prefix "$here/npm" --no-audit --no-fund --loglevel=error >/dev/null ||
      { echo "error: npm ci in scripts/matrix/npm failed" >&2; exit 2; }
  fi
fi

python=/usr/bin/python3
[[ -x $python ]] || python=python3
version() { # COMMAND...: the first x.y.z in what it prints
  "$@" 2>&1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true
}
deb() { # PACKAGE: its upstream version as Debian installed it (1:1.35.0-4+b1 -> 1.35.0)
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null | sed -E 's/^[0-9]+://; s/[-+~].*$//' || true
}
npmv() { # PACKAGE: its version under scripts/matrix/npm
  node -p "require('$here/npm/node_modules/$1/package.json').version" 2>/dev/null || true
}
declare -A v=(
  [nginx]=$(deb nginx) [apache]=$(deb apache2) [lighttpd]=$(deb lighttpd) [h2o]=$(deb h2o)
  [caddy]=$(deb caddy) [civetweb]=$(deb civetweb) [mini-httpd]=$(deb mini-httpd) [webfs]=$(deb webfs)
  [busybox-httpd]=$(deb busybox) [python-http-server]=$(version "$python" --version)
  [node-http]=$(version node --version) [fastify]=$(npmv fastify) [express]=$(npmv express)
  [gunicorn]=$(deb python3-gunicorn) [uvicorn]=$(deb python3-uvicorn) [hypercorn]=$(deb python3-hypercorn)
  [h11]=$(deb python3-h11) [twisted]=$(deb python3-twisted) [tornado]=$(deb python3-tornado)
  [aiohttp]=$(deb python3-aiohttp) [waitress]=$(deb python3-waitress) [cheroot]=$(deb python3-cheroot)
  [gevent]=$(deb python3-gevent) [werkzeug]=$(deb python3-werkzeug)
)
# The order of the published table's columns: web servers, then Node, then Python.
servers=(nginx apache lighttpd h2o caddy civetweb mini-httpd webfs busybox-httpd node-http fastify express
  gunicorn uvicorn hypercorn h11 twisted tornado aiohttp waitress cheroot gevent werkzeug python-http-server)
# Those served by a small app beside this script (wsgi_static, asgi_static, h11_static, node-static).
app_servers=(node-http gunicorn uvicorn hypercorn h11 waitress cheroot gevent werkzeug)
for s in "${servers[@]}"; do
  [[ -n ${v[$s]} ]] || { echo "error: $s is not installed or does not run (npm run matrix installs it as root)" >&2; exit 2; }
done

export MATRIX_RUN
MATRIX_RUN=$(mktemp -d "${TMPDIR:-/tmp}/matrix.XXXXXX")
trap 'rm -rf "$MATRIX_RUN"' EXIT
cd "$repo"
mkdir -p "$out"
targets=$out/targets.yaml
start='bash scripts/matrix/start.sh'
{
  echo "# Written by scripts/matrix/run-matrix.sh: each server as Debian or npm packages it, with the"
  echo "# minimal config or small app in scripts/matrix/. Commands run from the repository's root."
  echo "- name: reference"
  echo "  reference: true"
  for s in "${servers[@]}"; do
    name=$s
    [[ $s == python-http-server ]] && name=python-http.server
    echo "- name: $name-${v[$s]}"
    echo "  server: \"$start $s {port} {docroot}\""
    # The small apps written for the matrix evaluate no preconditions and no Range: those are the
    # app's job, not the server's, so the matrix does not charge them to the server.
    [[ " ${app_servers[*]} " == *" $s "* ]] && echo "  capabilities: \"echo,keep-alive,pipelining,continue\""
  done
} >"$targets"
((targets_only)) && { echo "wrote $targets"; exit 0; }

rm -rf "$out/targets"
status=0
node --import tsx conformance/src/cli/main.ts compare "$targets" --out "$out" ${args[@]+"${args[@]}"} || status=$?
# 1 only says that some server failed some case, which every real server does.
if ((status == 1)); then status=0; fi
# The audit of the fails on the mature servers (reports/matrix/audit.md), from justifications.yaml.
if ((status == 0)); then
  "$python" "$here/audit.py" "$out" || status=2
fi
exit "$status"
