#!/usr/bin/env bash
# Starts one server of the published comparison in the foreground, serving DOCROOT on
# 127.0.0.1:PORT with the minimal config beside this script; compare runs it as
#   bash scripts/matrix/start.sh SERVER {port} {docroot}
# SERVER: one of the names in the case below (run with no arguments to list them).
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
    h2o) echo "user: www-data" ;;
    civetweb) echo "run_as_user www-data" ;;
  esac
}

render() { # TEMPLATE NAME
  local out="$run/$2"
  sed -e "s|@PORT@|$port|g" -e "s|@DOCROOT@|$docroot|g" -e "s|@RUN@|$run|g" "$here/$1" |
    awk -v user="$(user_line "$2")" '{ if ($0 == "@USER@") print user; else print }' >"$out"
  echo "$out"
}

export MATRIX_DOCROOT=$docroot
# The small apps beside this script (wsgi_static, asgi_static) import from here.
export PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH}
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
  h2o)
    cmd=(h2o -c "$(render h2o.conf h2o)") ;;
  caddy)
    # Caddy keeps its state under $HOME and the XDG directories: all of it in the run directory.
    export HOME=$run XDG_DATA_HOME=$run XDG_CONFIG_HOME=$run
    cmd=(caddy run --adapter caddyfile --config "$(render Caddyfile Caddyfile)") ;;
  civetweb)
    cmd=(civetweb "$(render civetweb.conf civetweb)") ;;
  mini-httpd)
    # -D: stay in the foreground; as root it hands the connections to nobody.
    cmd=(mini_httpd -D -h 127.0.0.1 -p "$port" -d "$docroot" -i "$run/mini_httpd.pid" -l "$run/access.log") ;;
  webfs)
    cmd=(webfsd -F -4 -i 127.0.0.1 -p "$port" -r "$docroot" -f index.html -j -k "$run/webfsd.pid") ;;
  busybox-httpd)
    cmd=(busybox httpd -f -p "127.0.0.1:$port" -h "$docroot") ;;
  h11)
    cmd=("$python" "$here/h11_static.py" "$port" "$docroot") ;;
  hypercorn)
    cd "$here"
    cmd=("$python" -m hypercorn --bind "127.0.0.1:$port" --log-level warning asgi_static:app) ;;
  twisted)
    # twistd's web plugin serving a directory (twisted.web.static.File); -n: no daemon.
    cd "$run"
    cmd=(twistd3 -n --pidfile "$run/twistd.pid" --logfile "$run/twistd.log" web --listen "tcp:$port:interface=127.0.0.1" --path "$docroot") ;;
  tornado)
    cmd=("$python" "$here/tornado_static.py" "$port" "$docroot") ;;
  aiohttp)
    cmd=("$python" "$here/aiohttp_static.py" "$port" "$docroot") ;;
  waitress)
    cmd=("$python" -m waitress --listen "127.0.0.1:$port" wsgi_static:app) ;;
  cheroot)
    cmd=("$python" -m cheroot --bind "127.0.0.1:$port" wsgi_static:app) ;;
  gevent)
    cmd=("$python" "$here/gevent_static.py" "$port" "$docroot") ;;
  werkzeug)
    cmd=("$python" "$here/werkzeug_static.py" "$port" "$docroot") ;;
  fastify)
    cmd=(node "$here/npm/fastify-static.mjs" "$port" "$docroot") ;;
  express)
    cmd=(node "$here/npm/express-static.mjs" "$port" "$docroot") ;;
  *)
    echo "unknown server: $server (nginx, apache, lighttpd, h2o, caddy, civetweb, mini-httpd, webfs, busybox-httpd," \
      "python-http-server, node-http, fastify, express, gunicorn, uvicorn, hypercorn, h11, twisted, tornado, aiohttp," \
      "waitress, cheroot, gevent, werkzeug)" >&2
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
