// The module jsfuzz loads (it requires CommonJS): forwards each input to the byte target named by
// TOUCHSTONE_FUZZ_TARGET (dist/fuzz/targets/<name>.js, which exports `fuzz` and `documented`).
// Documented errors are not crashes.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

let target = null;

module.exports.fuzz = async function fuzz(buf) {
  if (target === null) {
    const name = String(process.env.TOUCHSTONE_FUZZ_TARGET);
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad byte target name '${name}'`);
    target = await import(pathToFileURL(path.join(__dirname, '..', '..', 'dist', 'fuzz', 'targets', `${name}.js`)).href);
  }
  try {
    target.fuzz(buf);
  } catch (err) {
    if (!target.documented(err)) throw err;
  }
};
