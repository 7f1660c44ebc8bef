/** 64-bit integer helpers over int32 halves, for translated code. Results go to R. */
export {};
