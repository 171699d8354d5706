"""An ASGI app for uvicorn in the published comparison: the same routes as wsgi_static.py (files
under $MATRIX_DOCROOT, POST /echo). The HTTP parsing and framing are uvicorn's (h11)."""
import mimetypes

from wsgi_static import last_modified, resolve


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    method = scope["method"]
    path = scope["path"]

    async def answer(status, headers, body):
        await send({"type": "http.response.start", "status": status, "headers": [(k.encode(), v.encode()) for k, v in headers]})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    if path == "/echo" and method == "POST":
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await answer(200, [("content-type", "application/octet-stream"), ("content-length", str(len(body)))], body)
        return
    if method in ("GET", "HEAD"):
        # Take the request's (empty) body event before answering, as an ASGI app is expected to:
        # Hypercorn closes the connection, unannounced, after an answer to a request whose body
        # event the app never received. One receive() only: a GET that declares a body it never
        # sends must not hold the answer.
        await receive()
    if method not in ("GET", "HEAD"):
        await answer(405, [("allow", "GET, HEAD"), ("content-type", "text/plain"), ("content-length", "19")], b"method not allowed\n")
        return
    full = resolve(path)
    if full is None:
        await answer(404, [("content-type", "text/plain"), ("content-length", "10")], b"not found\n")
        return
    with open(full, "rb") as f:
        body = f.read()
    ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    await answer(200, [("content-type", ctype), ("content-length", str(len(body))), ("last-modified", last_modified(full))], body)
