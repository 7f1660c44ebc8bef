// reports/: conformance reporters (conformance/), the report model (model/), the page (page/),
// the coverage run (coverage/) and `touchstone report` (report.ts).

export { writeReport, type ReportOptions, type WrittenReport } from './report.js';
export { saveLatestResults } from './latest.js';
export * from './paths.js';
export * from './model/index.js';
export { renderPage } from './page/index.js';
export { runCoverage, type CoverageOptions } from './coverage-run/run.js';
