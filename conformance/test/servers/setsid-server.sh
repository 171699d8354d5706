#!/bin/sh
# Starts Python's http.server in a new session (as mini_httpd does with setsid() itself) and
# exits at once: the server is in neither the harness's process group nor its process tree.
# Usage: setsid-server.sh PORT DOCROOT
setsid python3 -m http.server "$1" --bind 127.0.0.1 --directory "$2" </dev/null &
echo "started http.server on port $1 in its own session"
