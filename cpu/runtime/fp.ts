/** Runtime helpers for translated code (fp). */
export {};
