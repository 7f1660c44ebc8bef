/** Runtime helpers for translated code (simd). */
export {};
