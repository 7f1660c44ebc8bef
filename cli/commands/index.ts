import type { Command } from '../command.js';
import { cpuDiffCommand } from './cpu-diff.js';
import { execCommand } from './exec.js';
import { exportCommand } from './export.js';
import { fuzzCommand } from './fuzz.js';
import { listCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';

/** Every subcommand, in the order `touchstone --help` lists them. */
export const COMMANDS: readonly Command[] = [runCommand, replayCommand, listCommand, exportCommand, mergeCommand, reportCommand, fuzzCommand, execCommand, cpuDiffCommand];
