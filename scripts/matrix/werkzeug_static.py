"""Werkzeug's development server (run_simple, threaded) running wsgi_static.app for the published
comparison. Usage: python3 werkzeug_static.py PORT DOCROOT"""
import os
import sys

os.environ.setdefault("MATRIX_DOCROOT", sys.argv[2])
from werkzeug.serving import WSGIRequestHandler, run_simple  # noqa: E402

from wsgi_static import app  # noqa: E402

# HTTP/1.1 (keep-alive), as werkzeug's documentation says to ask for it; the default is 1.0.
WSGIRequestHandler.protocol_version = "HTTP/1.1"
run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
