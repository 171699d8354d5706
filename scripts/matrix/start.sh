#!/usr/bin/env bash
# Starts one server of the published comparison in the foreground, serving DOCROOT on
# 127.0.0.1:PORT with the minimal config beside this script; compare runs it as
#   bash scripts/matrix/start.sh SERVER {port} {docroot}
# SERVER: nginx, apache, lighttpd, python-http-server, node-http, gunicorn, uvicorn.
# Each start gets its own directory under $MATRIX_RUN (default $TMPDIR or /tmp) for pid and
# temp files, removed when the server stops, so no server needs /var, a service manager or a
# fixed port.
set -euo pipefail

[[ $# -eq 3 ]] || { echo "usage: $0 SERVER PORT DOCROOT" >&2; exit 2; }
server=$1 port=$2 docroot=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
base=${MATRIX_RUN:-${TMPDIR:-/tmp}}
mkdir -p "$base"
run=$(mktemp -d "$base/$server.XXXXXX")
chmod 755 "$run"

# Debian's Python, the one python3-gunicorn and python3-uvicorn are installed for.
python=/usr/bin/python3
[[ -x $python ]] || python=python3

# As root, the servers hand their workers to an unprivileged user (they refuse to stay root).
user_line() {
  [[ $(id -u) -eq 0 ]] || return 0
  case $1 in
    nginx) echo "user www-data;" ;;
    apache) printf 'User www-data\nGroup www-data\n' ;;
    lighttpd) printf 'server.username = "www-data"\nserver.groupname = "www-data"\n' ;;
  esac
}

render() { # TEMPLATE NAME
  local out="$run/$2"
  sed -e "s|@PORT@|$port|g" -e "s|@DOCROOT@|$docroot|g" -e "s|@RUN@|$run|g" "$here/$1" |
    awk -v user="$(user_line "$2")" '{ if ($0 == "@USER@") print user; else print }' >"$out"
  echo "$out"
}

export MATRIX_DOCROOT=$docroot
case $server in
  nginx)
    cmd=(nginx -p "$run" -e stderr -c "$(render nginx.conf nginx)") ;;
  apache)
    cmd=(apache2 -f "$(render apache2.conf apache)" -DFOREGROUND) ;;
  lighttpd)
    cmd=(lighttpd -D -f "$(render lighttpd.conf lighttpd)") ;;
  python-http-server)
    cmd=("$python" -m http.server "$port" --bind 127.0.0.1 --directory "$docroot") ;;
  node-http)
    cd "$repo"
    cmd=(node --import tsx "$here/node-static.ts" "$port" "$docroot") ;;
  gunicorn)
    # gthread: the worker class that keeps connections alive; one process, eight threads.
    cmd=(gunicorn --chdir "$here" --bind "127.0.0.1:$port" --worker-class gthread --workers 1 --threads 8
      --worker-tmp-dir "$run" --log-level warning wsgi_static:app) ;;
  uvicorn)
    cmd=("$python" -m uvicorn --app-dir "$here" --host 127.0.0.1 --port "$port" --log-level warning asgi_static:app) ;;
  *)
    echo "unknown server: $server (nginx, apache, lighttpd, python-http-server, node-http, gunicorn, uvicorn)" >&2
    exit 2 ;;
esac

# In the foreground of this script, not exec'd: when the harness stops the process group, the
# server stops and its run directory goes with it; when the server dies, so does this script,
# with the server's exit status (the harness reports it as a crash).
"${cmd[@]}" &
pid=$!
# `|| true`: under set -e, the server's own 143 from wait would end the trap before rm.
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$run"; exit 143' TERM INT
status=0
wait "$pid" || status=$?
# Apache writes its errors to a file (it cannot reopen a socket as /dev/stderr on a restart).
if ((status != 0)) && [[ -s $run/error.log ]]; then tail -n 5 "$run/error.log" >&2; fi
rm -rf "$run"
exit "$status"
