// Signal numbers (Linux generic numbering, as swift-os uses), dispositions, default actions.

import type { ConstGroup } from '../types.js';
import { fromLinux, fromSwiftOs } from './source.js';

export const SIGNALS: ConstGroup = {
  name: 'SIGNALS',
  kind: 'enum',
  members: [
    { name: 'SIGHUP', value: 1 },
    { name: 'SIGINT', value: 2 },
    { name: 'SIGQUIT', value: 3 },
    { name: 'SIGILL', value: 4 },
    { name: 'SIGTRAP', value: 5 },
    { name: 'SIGABRT', value: 6 },
    { name: 'SIGBUS', value: 7 },
    { name: 'SIGFPE', value: 8 },
    { name: 'SIGKILL', value: 9 },
    { name: 'SIGUSR1', value: 10 },
    { name: 'SIGSEGV', value: 11 },
    { name: 'SIGUSR2', value: 12 },
    { name: 'SIGPIPE', value: 13 },
    { name: 'SIGALRM', value: 14 },
    { name: 'SIGTERM', value: 15 },
    { name: 'SIGSTKFLT', value: 16 },
    { name: 'SIGCHLD', value: 17 },
    { name: 'SIGCONT', value: 18 },
    { name: 'SIGSTOP', value: 19 },
    { name: 'SIGTSTP', value: 20 },
    { name: 'SIGTTIN', value: 21 },
    { name: 'SIGTTOU', value: 22 },
    { name: 'SIGURG', value: 23 },
    { name: 'SIGXCPU', value: 24 },
    { name: 'SIGXFSZ', value: 25 },
    { name: 'SIGVTALRM', value: 26 },
    { name: 'SIGPROF', value: 27 },
    { name: 'SIGWINCH', value: 28 },
    { name: 'SIGIO', value: 29 },
    { name: 'SIGPWR', value: 30 },
    { name: 'SIGSYS', value: 31 },
  ],
  source: fromSwiftOs('kernel/signal/signal.swift'),
  note: 'swift-os defines SIGINT 2, SIGILL 4, SIGTRAP 5, SIGBUS 7, SIGSEGV 11, SIGPIPE 13, SIGTERM 15, SIGCHLD 17 with Linux numbers; the rest follow Linux signal(7). Valid signals are 1..31 (SIG.NUMBERS).',
};

export const SIG_HANDLERS: ConstGroup = {
  name: 'SIG_HANDLERS',
  kind: 'values',
  members: [
    { name: 'SIG_DFL', value: 0 },
    { name: 'SIG_IGN', value: 1 },
  ],
  source: fromSwiftOs('kernel/signal/signal.swift'),
  note: 'Any other handler value is the EL0 address of a handler function.',
};

export type DefaultAction = 'terminate' | 'ignore';

/** Default action per signal (decision SIG.DEFAULT.ACTION): no core dumps, no stop/continue. */
export const SIGNAL_DEFAULT_ACTION: Readonly<Record<string, DefaultAction>> = {
  SIGHUP: 'terminate', SIGINT: 'terminate', SIGQUIT: 'terminate', SIGILL: 'terminate',
  SIGTRAP: 'terminate', SIGABRT: 'terminate', SIGBUS: 'terminate', SIGFPE: 'terminate',
  SIGKILL: 'terminate', SIGUSR1: 'terminate', SIGSEGV: 'terminate', SIGUSR2: 'terminate',
  SIGPIPE: 'terminate', SIGALRM: 'terminate', SIGTERM: 'terminate', SIGSTKFLT: 'terminate',
  SIGCHLD: 'ignore', SIGCONT: 'ignore', SIGSTOP: 'ignore', SIGTSTP: 'ignore',
  SIGTTIN: 'ignore', SIGTTOU: 'ignore', SIGURG: 'ignore', SIGXCPU: 'terminate',
  SIGXFSZ: 'terminate', SIGVTALRM: 'terminate', SIGPROF: 'terminate', SIGWINCH: 'ignore',
  SIGIO: 'terminate', SIGPWR: 'terminate', SIGSYS: 'terminate',
};

/** Signals whose disposition cannot be changed. */
export const UNCATCHABLE_SIGNALS: readonly string[] = ['SIGKILL', 'SIGSTOP'];

export const SIGNAL_LIMITS: ConstGroup = {
  name: 'SIGNAL_LIMITS',
  kind: 'values',
  members: [
    { name: 'SIGNAL_MIN', value: 1 },
    { name: 'SIGNAL_MAX', value: 31 },
    { name: 'NSIG', value: 32 },
  ],
  source: fromLinux('signal(7)'),
};

/** The kernel-built signal frame (decision SIG.FRAME.LAYOUT; layout `sigframe`). */
export const SIGFRAME_CONSTS: ConstGroup = {
  name: 'SIGFRAME_CONSTS',
  kind: 'values',
  members: [
    { name: 'SIGFRAME_MAGIC', value: 0x5349_4746, note: 'first word of every frame' },
    { name: 'SIGFRAME_SIZE', value: 800 },
    { name: 'SIGFRAME_ALIGN', value: 16 },
  ],
  source: { kind: 'touchstone', note: 'decision SIG.FRAME.LAYOUT' },
};
