export { environmentOf, gitCommit, type Environment } from './environment.js';
export { formatJunit, xmlEscape } from './junit.js';
export { formatPretty } from './pretty.js';
export { formatJson, mergeResults, parseResults, resultsDocument, RESULTS_SCHEMA, type ResultsDocument } from './results.js';
export { explain, replayCommand, summarize, type StatusCounts, type Summary } from './summary.js';
export { formatTap } from './tap.js';

import { formatJunit } from './junit.js';
import { formatPretty } from './pretty.js';
import { formatJson, type ResultsDocument } from './results.js';
import { formatTap } from './tap.js';

export type ReporterName = 'pretty' | 'tap' | 'junit' | 'json';

export const REPORTERS: Readonly<Record<ReporterName, (doc: ResultsDocument) => string>> = {
  pretty: formatPretty,
  tap: formatTap,
  junit: formatJunit,
  json: formatJson,
};
