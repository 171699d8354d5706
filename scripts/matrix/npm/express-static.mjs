// Express with express.static (serve-static) over the docroot (ETag, Last-Modified, ranges and
// conditionals are serve-static's), POST /echo answering the body. The HTTP parsing and framing
// are node:http's (llhttp). Usage: node express-static.mjs PORT DOCROOT
import express from 'express';

const [port, root] = process.argv.slice(2);
const app = express();
app.post('/echo', express.raw({ type: () => true, limit: '64mb' }), (req, res) => {
  res.type('application/octet-stream').send(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
});
app.use(express.static(root));
app.listen(Number(port), '127.0.0.1', () => console.log(`express static server on 127.0.0.1:${port}`));
