// Fastify with @fastify/static over the docroot (ETag, Last-Modified, ranges and conditionals are
// the plugin's), POST /echo answering the body. The HTTP parsing and framing are node:http's
// (llhttp) under Fastify's defaults. Usage: node fastify-static.mjs PORT DOCROOT
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const [port, root] = process.argv.slice(2);
const app = Fastify({ logger: false });
// The echo route takes any content type as raw bytes.
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/echo', async (req, reply) => {
  reply.type('application/octet-stream');
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
});
await app.register(fastifyStatic, { root, index: ['index.html'] });
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log(`fastify static server on 127.0.0.1:${port}`);
