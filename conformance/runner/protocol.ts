import type { CaseResult, Expectations } from '../evaluate.js';

/** What a worker thread is started with (structured-clone data only). */
export interface WorkerInit {
  readonly target: string;
  readonly expectations?: Expectations;
  /** A module exporting `allCases(): readonly CaseDef[]`; default the suite's registry. */
  readonly casesModule?: string;
}

/** Parent → worker: run the cases at these indices of `allCases()`, in order, answering each. */
export interface RunRequest {
  readonly indices: readonly number[];
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly kind: 'ready'; readonly count: number }
  | { readonly kind: 'fatal'; readonly detail: string }
  | { readonly kind: 'result'; readonly index: number; readonly result: CaseResult };
