// Preloaded by bundles.test.mjs (NODE_OPTIONS=--require): prints each qipp bundle a run loads,
// whether through require or compiled with V8's code cache (server/src/node/codecache.ts).
const Module = require('node:module');
const vm = require('node:vm');
const BUNDLE = /cli-(engine|xlsx)\.js$/;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (BUNDLE.test(request)) process.stderr.write(`loaded:${request}\n`);
  return load.apply(this, arguments);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    const file = typeof options === 'string' ? options : options?.filename;
    if (file && BUNDLE.test(file)) process.stderr.write(`loaded:${file}\n`);
  }
};
