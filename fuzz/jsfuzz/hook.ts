// Loaded with `node --import` into jsfuzz's worker: registers the loader that instruments
// Touchstone's compiled ES modules, so jsfuzz's coverage counter sees them.

import { register } from 'node:module';

register('./loader.js', import.meta.url);
