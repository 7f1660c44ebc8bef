/**
 * Clauses the memory manager names that spec/ does not have yet, with the wording proposed for
 * spec/clauses (memory.ts and signal.ts). Remove an entry once spec/ has it.
 */
export const PROPOSED_MM_CLAUSES: Readonly<Record<string, string>> = {};
