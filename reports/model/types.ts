// The shapes of report.json (what the page shows, every number of it) and of the inputs the
// report reads besides the conformance results file: the coverage run's summary, a fuzz campaign
// and a differential run.

import type { Status } from '../../conformance/model.js';

export const REPORT_SCHEMA = 'touchstone-report/1';

export type StatusCounts = Readonly<Record<Status, number>>;

/** A count out of a total; `pct` is 100 × covered / total (100 when total is 0), rounded to 0.1. */
export interface Ratio {
  readonly total: number;
  readonly covered: number;
  readonly pct: number;
}

// ---------------------------------------------------------------------------
// Conformance results

export interface FailureEntry {
  readonly id: string;
  readonly area: string;
  readonly status: Status;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly expected: string;
  readonly actual: string;
  readonly reason: string;
  readonly assertions: readonly { readonly n: number; readonly description: string; readonly clauses: readonly string[]; readonly got: string }[];
  readonly replay: string;
}

export interface AreaRow {
  readonly area: string;
  readonly total: number;
  readonly counts: StatusCounts;
}

export interface ConformanceSection {
  readonly target: string;
  readonly touchstone: string;
  readonly commit: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seconds: number;
  readonly jobs: number;
  readonly selection: { readonly area: string | null; readonly grep: string | null };
  readonly total: number;
  /** No case is fail, broken, timeout, panic or xpass. */
  readonly ok: boolean;
  readonly byStatus: StatusCounts;
  /** Areas in the results' order. */
  readonly areas: readonly AreaRow[];
  /** Guest instructions and syscalls over all cases. */
  readonly instructions: number;
  readonly syscalls: number;
  /** Every case that did not pass or skip (xfail included), worst status first, up to `failuresShown`. */
  readonly failures: readonly FailureEntry[];
  readonly failuresTotal: number;
}

// ---------------------------------------------------------------------------
// Clause coverage

/** checked: a case lists it; informative: no case lists it and the spec says why none can; unchecked: neither. */
export type ClauseState = 'checked' | 'informative' | 'unchecked';

export interface ClauseEntry {
  readonly id: string;
  /** The id's first segment (FD, FS, PROC, ...). */
  readonly group: string;
  readonly text: string;
  /** Where the clause comes from, in one line. */
  readonly source: string;
  /** The spec decides where the seed is silent. */
  readonly decision: boolean;
  readonly state: ClauseState;
  /** Why no case checks it (for informative and unchecked clauses), else null. */
  readonly reason: string | null;
  /** Cases that list the clause. */
  readonly cases: number;
  /** The first few of them, in suite order. */
  readonly sample: readonly string[];
  /** Cases in the results file during which the kernel named the clause; null without results. */
  readonly reached: number | null;
}

export interface ClauseGroupRow {
  readonly group: string;
  readonly total: number;
  readonly checked: number;
  readonly informative: number;
  readonly unchecked: number;
}

export interface ClauseSection {
  readonly total: number;
  readonly checked: number;
  readonly informative: number;
  readonly unchecked: number;
  /** Clauses the kernel named during at least one case of the results; null without results. */
  readonly reached: number | null;
  readonly groups: readonly ClauseGroupRow[];
  /** Unchecked first, then informative, then checked; spec order within each. */
  readonly clauses: readonly ClauseEntry[];
}

// ---------------------------------------------------------------------------
// Syscall × errno matrix

/** hit: a case provokes it; unreachable: no case can (with a reason); missing: neither; not-implemented: the row is not implemented. */
export type CellState = 'hit' | 'unreachable' | 'missing' | 'not-implemented';

/** One documented (row, errno, clause). */
export interface ErrnoCellEntry {
  readonly row: string;
  readonly errno: string;
  readonly clause: string;
  readonly state: CellState;
  /** Cases that provoke it: recorded by the errors area, or inferred (the case needs the row and lists the clause). */
  readonly recorded: number;
  readonly inferred: number;
  readonly sample: readonly string[];
  readonly reason: string | null;
}

/** A (row, errno) square of the matrix: its documented clauses folded into one state. */
export interface MatrixSquare {
  readonly errno: string;
  /** missing if any of its clauses is, else hit if any is, else unreachable (or not-implemented). */
  readonly state: CellState;
  /** Distinct cases over its clauses. */
  readonly cases: number;
  readonly clauses: readonly string[];
}

export interface MatrixRow {
  readonly nr: number;
  readonly name: string;
  readonly family: string;
  readonly implemented: boolean;
  /** One per documented errno of the row, in column order. */
  readonly squares: readonly MatrixSquare[];
}

export interface ErrnoSection {
  /** Columns: every errno some row documents, by number. */
  readonly errnos: readonly string[];
  readonly rows: readonly MatrixRow[];
  /** Every documented cell, rows in number order. */
  readonly cells: readonly ErrnoCellEntry[];
  readonly totals: {
    readonly rows: number;
    readonly implementedRows: number;
    /** Cells of implemented rows. */
    readonly cells: number;
    readonly hit: number;
    readonly unreachable: number;
    readonly missing: number;
    /** Cells of rows that are not implemented (not counted above). */
    readonly notImplemented: number;
  };
}

// ---------------------------------------------------------------------------
// Code and instruction coverage (from `touchstone report --coverage`)

export interface CoverageMetrics {
  readonly lines: Ratio;
  readonly branches: Ratio;
  readonly functions: Ratio;
  readonly statements: Ratio;
}

export interface FolderCoverage extends CoverageMetrics {
  /** A folder of the sources, e.g. `reference-kernel` or `reference-kernel/swiftos/vfs`. */
  readonly folder: string;
  readonly files: number;
}

/** Per-row translation counts of one run, with the class of each row (the cpu/ encoding table). */
export interface InsnClassRow {
  readonly cls: string;
  readonly rows: number;
  /** Rows translated at least once during the run. */
  readonly exercised: number;
  readonly pct: number;
  /** Rows of the class never translated, by name. */
  readonly unexercised: readonly string[];
}

/** What `report --coverage` writes to `<out>/coverage/touchstone-coverage.json`. */
export const COVERAGE_SCHEMA = 'touchstone-coverage/1';

export interface CoverageRunFile {
  readonly schema: typeof COVERAGE_SCHEMA;
  readonly generatedAt: string;
  readonly cases: number;
  readonly seconds: number;
  /** Cases of the coverage run that did not pass (its results are not the report's). */
  readonly notPassed: number;
  /** Top folders first, then their subfolders. */
  readonly folders: readonly FolderCoverage[];
  /** Times each encoding-table row was translated into a block, by row name. */
  readonly rowTranslations: Readonly<Record<string, number>>;
}

export interface CodeCoverageSection {
  /** `this run`: measured by this `report --coverage`; `previous`: read from an earlier one. */
  readonly source: 'this run' | 'previous';
  readonly generatedAt: string;
  readonly cases: number;
  readonly seconds: number;
  readonly notPassed: number;
  /** Relative links from index.html. */
  readonly html: string;
  readonly lcov: string;
  readonly folders: readonly FolderCoverage[];
  /** The targets for a top folder (percent). */
  readonly targets: readonly { readonly folder: string; readonly metric: 'lines' | 'branches'; readonly pct: number; readonly met: boolean }[];
}

export interface InsnSection {
  readonly rows: number;
  readonly exercised: number;
  readonly pct: number;
  readonly classes: readonly InsnClassRow[];
}

// ---------------------------------------------------------------------------
// Fuzz campaigns and differential runs: the files their commands will write (issue 5, fuzz/).

export const FUZZ_SCHEMA = 'touchstone-fuzz/1';

export interface FuzzEngineStats {
  readonly engine: string;
  readonly seed: number;
  readonly seconds: number;
  readonly execs: number;
  readonly syscalls: number;
  readonly findings: number;
}

export interface FuzzFinding {
  readonly id: string;
  readonly engine: string;
  readonly seed: number;
  /** The minimized, replayable case (corpora/findings/...). */
  readonly file: string;
  readonly summary: string;
  /** Calls in the minimized sequence. */
  readonly calls: number;
  readonly clauses: readonly string[];
}

/** A fuzz campaign: `touchstone fuzz` writes it (default `.touchstone/fuzz.json`). */
export interface FuzzCampaignFile {
  readonly schema: typeof FUZZ_SCHEMA;
  readonly startedAt: string;
  readonly target: string;
  readonly engines: readonly FuzzEngineStats[];
  /** Samples over the campaign, seconds from its start, cumulative counts. */
  readonly timeline: readonly { readonly t: number; readonly execs: number; readonly clausesReached: number; readonly findings: number }[];
  readonly clausesReached: readonly string[];
  readonly findings: readonly FuzzFinding[];
}

export const DIFFERENTIAL_SCHEMA = 'touchstone-differential/1';

export interface DifferentialDifference {
  readonly id: string;
  /** The generated program (a case id, or a fuzz seed). */
  readonly program: string;
  /** Where the targets parted: a call, an exit status, console output. */
  readonly where: string;
  readonly a: string;
  readonly b: string;
  readonly clauses: readonly string[];
  readonly replay: string;
}

/** The same generated programs run on two targets (default `.touchstone/differential.json`). */
export interface DifferentialFile {
  readonly schema: typeof DIFFERENTIAL_SCHEMA;
  readonly startedAt: string;
  readonly targets: readonly [string, string];
  readonly programs: number;
  readonly agreed: number;
  readonly differences: readonly DifferentialDifference[];
}

export interface FuzzSection {
  readonly startedAt: string;
  readonly target: string;
  readonly engines: readonly FuzzEngineStats[];
  readonly totals: { readonly seconds: number; readonly execs: number; readonly syscalls: number; readonly findings: number; readonly execsPerSecond: number };
  readonly timeline: FuzzCampaignFile['timeline'];
  readonly clausesReached: number;
  readonly findings: readonly FuzzFinding[];
}

export interface DifferentialSection {
  readonly startedAt: string;
  readonly targets: readonly [string, string];
  readonly programs: number;
  readonly agreed: number;
  readonly differ: number;
  readonly differences: readonly DifferentialDifference[];
}

// ---------------------------------------------------------------------------
// report.json

/** A section's input: the file it came from, or why it is absent. */
export interface InputNote {
  readonly file: string | null;
  readonly note: string;
}

export interface ReportModel {
  readonly schema: typeof REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly inputs: {
    readonly results: InputNote;
    readonly coverage: InputNote;
    readonly fuzz: InputNote;
    readonly differential: InputNote;
  };
  /** Each section is null when its input is absent ("not run" on the page). */
  readonly conformance: ConformanceSection | null;
  readonly clauses: ClauseSection;
  readonly errno: ErrnoSection;
  readonly codeCoverage: CodeCoverageSection | null;
  readonly instructions: InsnSection | null;
  readonly fuzz: FuzzSection | null;
  readonly differential: DifferentialSection | null;
}
