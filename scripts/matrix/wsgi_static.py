"""A WSGI app for gunicorn in the published comparison: the files under $MATRIX_DOCROOT (GET and
HEAD, index.html for a directory, a MIME type by extension, Last-Modified), POST /echo answering
the request body, 404 for anything else. The HTTP parsing and framing are gunicorn's."""
import mimetypes
import os
import time
from email.utils import formatdate

ROOT = os.path.realpath(os.environ["MATRIX_DOCROOT"])


def resolve(path_info):
    """The file a request path names, or None when it is not a file inside the docroot."""
    if "\0" in path_info:
        return None
    full = os.path.realpath(os.path.join(ROOT, path_info.lstrip("/")))
    if full != ROOT and not full.startswith(ROOT + os.sep):
        return None
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
    return full if os.path.isfile(full) else None


def last_modified(full):
    """Last-Modified for a file, never later than the response's Date (RFC 9110 §8.8.2.1: a future
    mtime is replaced by the message's date). A second back from now: servers such as uvicorn
    write a Date cached once a second, which can be a second behind the clock."""
    return formatdate(min(os.path.getmtime(full), time.time() - 1), usegmt=True)


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    # WSGI hands PATH_INFO over decoded, as latin-1 text; the file system wants UTF-8.
    path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
    if path == "/echo" and method == "POST":
        # PEP 3333: read no more than CONTENT_LENGTH unless the server says the input ends by
        # itself (a chunked body); a bare read() blocks on servers that hand over the socket.
        length = environ.get("CONTENT_LENGTH") or ""
        stream = environ["wsgi.input"]
        body = stream.read() if environ.get("wsgi.input_terminated") or not length.isdigit() else stream.read(int(length))
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(body)))])
        return [body]
    if method not in ("GET", "HEAD"):
        body = b"method not allowed\n"
        start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
    full = resolve(path)
    if full is None:
        body = b"not found\n"
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        # WSGI servers pass on what the app returns, even for HEAD: the app leaves the body out.
        return [] if method == "HEAD" else [body]
    with open(full, "rb") as f:
        body = f.read()
    ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    headers = [
        ("Content-Type", ctype),
        ("Content-Length", str(len(body))),
        ("Last-Modified", last_modified(full)),
    ]
    start_response("200 OK", headers)
    return [] if method == "HEAD" else [body]
