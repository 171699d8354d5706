"""gevent's WSGI server (gevent.pywsgi) running wsgi_static.app for the published comparison.
Usage: python3 gevent_static.py PORT DOCROOT"""
import os
import sys

os.environ.setdefault("MATRIX_DOCROOT", sys.argv[2])
from gevent.pywsgi import WSGIServer  # noqa: E402

from wsgi_static import app  # noqa: E402

print(f"gevent.pywsgi on 127.0.0.1:{sys.argv[1]}", flush=True)
WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None).serve_forever()
