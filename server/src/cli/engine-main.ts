/**
 * The entry of dist/cli-engine.js (see engine.ts). It is also the script of
 * `qipp validate`'s worker threads: started as one, it does its share of the
 * plans and answers.
 */
import { runWorkerIfAsked } from '../node/check';

runWorkerIfAsked();

export * from './engine';
