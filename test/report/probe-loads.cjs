// Preloaded by bundles.test.mjs (NODE_OPTIONS=--require): prints each qipp bundle a run loads.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/cli-(engine|xlsx)\.js$/.test(request)) process.stderr.write(`loaded:${request}\n`);
  return load.apply(this, arguments);
};
