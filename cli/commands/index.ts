import type { Command } from '../command.js';
import { cpuDiffCommand } from './cpu-diff.js';
import { execCommand } from './exec.js';

/** Every subcommand, in the order `touchstone --help` lists them. */
export const COMMANDS: readonly Command[] = [execCommand, cpuDiffCommand];
