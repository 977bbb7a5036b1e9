/** Entry of dist/server.js: `node dist/server.js --stdio` (or `--node-ipc`). */
import { runWorkerIfAsked } from '../node/check';
import { startServer, transportOf } from './server';

// Started as the worker thread that checks workspace files: do that and stop.
if (!runWorkerIfAsked()) void startServer(transportOf(process.argv.slice(2)));
