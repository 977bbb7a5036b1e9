/** Entry of dist/server.js: `node dist/server.js --stdio` (or `--node-ipc`). */
import { startServer, transportOf } from './server';

void startServer(transportOf(process.argv.slice(2)));
