"""A server that daemonizes the classic way: fork, setsid, fork again, and the grandchild serves;
it also starts over with an empty environment, as some daemons do, so nothing it inherited
marks it. Only the socket listening on its port ties it to the command that started it.
Usage: double-fork.py PORT DOCROOT"""
import os
import sys

port, root = sys.argv[1], sys.argv[2]
if os.fork() > 0:
    os._exit(0)
os.setsid()
if os.fork() > 0:
    os._exit(0)
devnull = os.open(os.devnull, os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(devnull, fd)
os.execve(sys.executable, [sys.executable, "-m", "http.server", port, "--bind", "127.0.0.1", "--directory", root], {})
