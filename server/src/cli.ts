// `npm run serve -- --port 8080 --root DIR`: starts the reference server (cli-run.ts). Bad flags
// get one error line and exit status 2.

import { runCli, runFailed } from './cli-run.ts';

runCli(process.argv.slice(2)).catch(runFailed);
