export { caseFileStem, exportCase, exportSuite, readExportedCase, CASE_SCHEMA, EXPORT_SCHEMA, type ExportedCase, type ExportIndex } from './export.js';
