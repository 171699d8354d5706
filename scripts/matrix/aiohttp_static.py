"""An aiohttp app for the published comparison: files under DOCROOT through aiohttp's FileResponse
(it sends ETag and Last-Modified and answers ranges and conditionals itself), POST /echo. The HTTP
parsing and framing are aiohttp's.
Usage: python3 aiohttp_static.py PORT DOCROOT"""
import os
import sys

from aiohttp import web

os.environ.setdefault("MATRIX_DOCROOT", sys.argv[2] if len(sys.argv) > 2 else ".")
from wsgi_static import resolve  # noqa: E402  (reads MATRIX_DOCROOT at import)


async def echo(request):
    return web.Response(body=await request.read(), content_type="application/octet-stream")


async def static(request):
    full = resolve(request.path)
    if full is None:
        raise web.HTTPNotFound()
    return web.FileResponse(full)


app = web.Application()
app.router.add_post("/echo", echo)
app.router.add_get("/{tail:.*}", static)  # add_get also routes HEAD (allow_head=True)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=lambda s: print(s, flush=True))
