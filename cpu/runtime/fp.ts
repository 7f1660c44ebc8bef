/** Runtime helpers for translated code (fp): see fp-arith.ts, fp-convert.ts, fp-estimate.ts. */
export * from './fp-arith.js';
export * from './fp-convert.js';
export { fpRecipEstimate, fpRecpX, fpRsqrtEstimate } from './fp-estimate.js';
