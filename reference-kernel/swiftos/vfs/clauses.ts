// Clauses this module names that spec/clauses does not have yet, with the proposed wording.
// The lead moves them into spec/clauses/fs.ts; clauses.test.ts keeps this list honest.

export interface ProposedClause {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly rationale: string;
}

export const PROPOSED_CLAUSES: readonly ProposedClause[] = [];
