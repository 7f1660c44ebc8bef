/** Runtime helpers for translated code (mem). */
export {};
