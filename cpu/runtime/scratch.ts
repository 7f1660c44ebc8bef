/** Multi-word results of runtime helpers: R[0] = low word, R[1] = high word, R[2..] more. */
export const R = new Int32Array(8);
