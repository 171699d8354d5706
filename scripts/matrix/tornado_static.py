"""A Tornado app for the published comparison: tornado.web.StaticFileHandler over DOCROOT (it sends
ETag and Last-Modified and answers ranges and conditionals itself), POST /echo. The HTTP parsing
and framing are Tornado's.
Usage: python3 tornado_static.py PORT DOCROOT"""
import asyncio
import sys

import tornado.web


class Echo(tornado.web.RequestHandler):
    def post(self):
        self.set_header("Content-Type", "application/octet-stream")
        self.write(self.request.body)


async def main():
    port, root = int(sys.argv[1]), sys.argv[2]
    app = tornado.web.Application([
        (r"/echo", Echo),
        (r"/(.*)", tornado.web.StaticFileHandler, {"path": root, "default_filename": "index.html"}),
    ])
    app.listen(port, address="127.0.0.1")
    print(f"tornado static server on 127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
