// The reference server as the benchmark runs it: `startServer` in a process of its own. The only
// setting that differs from `npm run serve` is discardBodyBytes, raised so that a request body
// sent to a static path is read to its end and thrown away (the 1 GiB upload scenario) instead
// of being answered early with the connection closed.

import { startServer } from '../../../server/src/server.ts';

const [root] = process.argv.slice(2);
if (root === undefined) {
  process.stderr.write('usage: reference.ts DOCROOT\n');
  process.exit(2);
}

const running = await startServer({ root, port: 0, discardBodyBytes: 4 * 1024 ** 3 });
process.stdout.write(`listening on ${running.address}\n`);
const stop = (): void => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
