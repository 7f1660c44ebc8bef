export { buildCase, executeCase, notRun, type ExecuteOptions, type Execution } from './execute.js';
export { DEFAULT_CASE_TIMEOUT_MS, runSuite, type SuiteOptions, type SuiteRun } from './run.js';
export { parseShard, selectCases, type Selection, type Shard } from './select.js';
export { loadExpectations, parseExpectations } from './expectations.js';
export { FAILING_STATUSES, isFailing } from './status.js';
