// uvenvprobe + envchild: getenv/setenv/unsetenv are libc-level (they edit the process's own
// environ array, no syscall); what reaches the kernel is the envp vector handed to execve. The
// exec'd program checks its entry state: x0/x1/x2, the initial stack block, and every argv and
// envp string, byte for byte. Variants: fork + execve (libuv's environ override before execvp),
// execve by init itself into a TAP-printing image, a NULL envp, and spawn (empty environment).

import type { CaseDef } from '../../model.js';
import { CaseProgram, type Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, clauses } from './common.js';
import { checkStrings, cmp, forkThen, ldr64, load32, r, stringVector, sub } from './guest.js';

type Mode = 'fork-exec' | 'exec-tap' | 'override' | 'null-envp' | 'spawn';

const CHILD = '/bin/envchild';

interface EnvSet {
  readonly tag: string;
  readonly env: readonly string[];
}

const ENV_SETS: readonly EnvSet[] = [
  { tag: 'empty', env: [] },
  { tag: 'one', env: ['A=1'] },
  { tag: 'path-home-term', env: ['PATH=/bin:/usr/bin', 'HOME=/', 'TERM=vt100'] },
  { tag: 'threadpool', env: ['UV_THREADPOOL_SIZE=4'] },
  { tag: 'empty-value', env: ['EMPTY='] },
  { tag: 'equals-in-value', env: ['KEY=value=with=equals'] },
  { tag: 'long-value', env: [`LONG=${'x'.repeat(200)}`] },
  { tag: 'sixteen', env: Array.from({ length: 16 }, (_, i) => `V${i}=${i * i}`) },
  { tag: 'duplicate-keys', env: ['DUP=1', 'DUP=2'] },
  { tag: 'utf8', env: ['UTF8=h\u00e9llo w\u00f6rld'] },
  { tag: 'five', env: ['A=1', 'B=2', 'C=3', 'D=4', 'E=5'] },
  { tag: 'spaces-tab', env: ['SPACES=a b  c', 'TAB=\t'] },
];

const ARGVS: readonly (readonly string[])[] = [['envchild'], ['envchild', 'probe'], ['envchild', '-e', 'x=y', '']];

/** The initial environment of init in the override variant (libuv then passes its own). */
const PARENT_ENV = ['PARENT_ONLY=1', 'PATH=/parent/bin', 'SHARED=parent'];

/**
 * Emits the entry-state checks of an exec'd image. Registers at entry are saved first. `check`
 * reports each finding: a count register (0 = good) with what it checks.
 */
function entryChecks(p: CaseProgram, argv: readonly string[], env: readonly string[], check: (what: string, clausesOf: string[], bad: Reg) => void): void {
  const argc = p.variable();
  const argvR = p.variable();
  const envpR = p.variable();
  const sp = p.variable();
  const bad = p.variable();
  p.mov(argc.n, 0);
  p.mov(argvR.n, 1);
  p.mov(envpR.n, 2);
  p.a.movSp(sp.n, 31);
  // the stack block: argc, argv[], NULL, envp[], NULL, AT_NULL pair
  p.a.movImm(bad.n, 0);
  const c1 = p.a.label();
  p.a.cmpImm(argc.n, argv.length);
  p.a.bcond('eq', c1);
  p.a.addImm(bad.n, bad.n, 1);
  p.a.bind(c1);
  ldr64(p, 9, sp.n);
  const c2 = p.a.label();
  cmp(p, 9, argc.n);
  p.a.bcond('eq', c2);
  p.a.addImm(bad.n, bad.n, 1);
  p.a.bind(c2);
  check(`argc is ${argv.length}, in x0 and at [sp]`, ['PROC.ENTRY.REGS', 'PROC.ENTRY.STACK'], bad);
  p.a.movImm(bad.n, 0);
  p.a.addImm(9, sp.n, 8);
  const c3 = p.a.label();
  cmp(p, 9, argvR.n);
  p.a.bcond('eq', c3);
  p.a.addImm(bad.n, bad.n, 1);
  p.a.bind(c3);
  p.a.addImm(9, sp.n, 8 * (argv.length + 2));
  const c4 = p.a.label();
  cmp(p, 9, envpR.n);
  p.a.bcond('eq', c4);
  p.a.addImm(bad.n, bad.n, 1);
  p.a.bind(c4);
  p.a.inst('ANDS_imm', { sf: 1, N: 1, immr: 0, imms: 3, Rn: sp.n, Rd: 31 });
  const c5 = p.a.label();
  p.a.bcond('eq', c5);
  p.a.addImm(bad.n, bad.n, 1);
  p.a.bind(c5);
  check('x1 and x2 point at the argv and envp vectors of the 16-byte aligned stack block', ['PROC.ENTRY.REGS', 'PROC.ENTRY.STACK'], bad);
  p.a.movImm(bad.n, 0);
  checkStrings(p, argvR.n, argv, bad.n);
  check(`the ${argv.length} argv strings arrived exactly, then NULL`, ['PROC.EXEC.ENV', 'PROC.ENTRY.STACK'], bad);
  p.a.movImm(bad.n, 0);
  checkStrings(p, envpR.n, env, bad.n);
  check(`the ${env.length} envp strings arrived exactly${env.length ? '' : ' (an empty environment)'}, then NULL`, ['PROC.EXEC.ENV', 'PROC.ENTRY.STACK'], bad);
  p.a.movImm(bad.n, 0);
  for (const off of [0, 8]) {
    p.a.inst('LDR_X_uoff', { Rt: 9, Rn: envpR.n, imm12: env.length + 1 + off / 8 });
    const z = p.a.label();
    p.a.cbz(9, z);
    p.a.addImm(bad.n, bad.n, 1);
    p.a.bind(z);
  }
  check('the auxiliary vector after envp is the AT_NULL pair alone', ['PROC.ENTRY.AUXV'], bad);
}

/** An exec'd child that checks its entry state and exits with the number of failed checks (capped). */
function checkingChild(parent: CaseProgram, argv: readonly string[], env: readonly string[]): Uint8Array {
  const p = parent.child();
  const failures = 27;
  p.a.movImm(failures, 0);
  entryChecks(p, argv, env, (_what, _cl, bad) => {
    const ok = p.a.label();
    p.a.cbz(bad.n, ok);
    p.a.addImm(failures, failures, 1);
    p.a.bind(ok);
  });
  p.exit(r(failures));
  return p.elf();
}

function envCase(mode: Mode, set: EnvSet, argv: readonly string[]): CaseDef {
  const seen = mode === 'null-envp' || mode === 'spawn' ? [] : set.env;
  const entry = ['PROC.ENTRY.REGS', 'PROC.ENTRY.STACK', 'PROC.ENTRY.AUXV', 'PROC.EXEC.ENV'];
  const modeClauses: Record<Mode, string[]> = {
    'fork-exec': ['PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.EXEC.REPLACE'],
    'exec-tap': ['PROC.EXEC.REPLACE', 'PROC.EXEC.PID', 'PROC.GETPID'],
    override: ['PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.EXEC.REPLACE'],
    'null-envp': ['PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PROC.EXEC.REPLACE'],
    spawn: ['PROC.EXEC.NOENV', 'PROC.SPAWN.STATUS', 'PROC.SPAWN.SYNC'],
  };
  const what: Record<Mode, string> = {
    'fork-exec': `a forked child execve's ${CHILD} with ${set.env.length} environment strings`,
    'exec-tap': `init execve's a TAP-printing image with ${set.env.length} environment strings`,
    override: `init, booted with its own environment, passes ${set.env.length} different strings to a forked child's execve`,
    'null-envp': 'a forked child execve\'s with envp NULL',
    spawn: 'spawn runs the child, which takes no envp',
  };
  return derivedCase(AREA, {
    id: `env/${mode}/${set.tag}-a${argv.length}`,
    description: `${what[mode]}: the new image sees exactly argv (${argv.length}) and envp (${seen.length}) on its initial stack`,
    clauses: clauses(entry, modeClauses[mode], mode === 'override' ? ['PROC.ENTRY.REGS'] : []),
    build(b) {
      const p = b.p;
      if (mode === 'exec-tap') {
        // p is the TAP-printing image init execs.
        const image = p;
        entryChecks(image, argv, set.env, (text, cl, bad) => image.expectEq(text, cl, 0, bad));
        image.sys('getpid');
        image.expectEq('the exec\'d image keeps pid 1', ['PROC.EXEC.PID', 'PROC.GETPID'], 1);
        const imageElf = image.finish();
        const init = b.child();
        init.sys('execve', init.str(CHILD), stringVector(init, argv), stringVector(init, set.env));
        init.exit(99);
        return { program: init.elf(), files: [{ path: CHILD, data: imageElf }] };
      }
      const files = [{ path: CHILD, data: checkingChild(p, argv, seen) }];
      if (mode === 'override') {
        entryChecks(p, ['init'], PARENT_ENV, (text, cl, bad) => p.expectEq(`init's own entry: ${text}`, cl, 0, bad));
      }
      const path = p.str(CHILD);
      const argvAt = stringVector(p, argv);
      const status = p.space(4);
      if (mode === 'spawn') {
        p.sys('spawn', path, argvAt);
        p.expectEq('spawn returns the child\'s exit code 0: every entry check passed with an empty environment', clauses(entry, modeClauses.spawn), 0);
        return { files };
      }
      const envAt = mode === 'null-envp' ? 0 : stringVector(p, set.env);
      forkThen(p, () => {
        p.sys('execve', path, argvAt, envAt);
        p.exit(98);
      });
      const child = p.variable();
      p.save(child);
      p.expectCmp('fork returns the child pid', ['PROC.FORK.RETURN'], 'gt', 0, child);
      p.sys('waitpid', child, status, 0);
      sub(p, 0, 0, child.n);
      p.expectEq('waitpid returns the child', ['PROC.WAIT.REAP'], 0);
      load32(p, 0, status);
      p.expectEq(`the exec'd child exited 0: argv, ${seen.length} envp strings${mode === 'override' ? ' (none of init\'s)' : ''} and the stack block checked out`, clauses(entry, ['PROC.WAIT.STATUS', 'PROC.EXEC.REPLACE']), 0);
      return { files, boot: mode === 'override' ? { envp: PARENT_ENV } : {} };
    },
  });
}

export function envCases(): CaseDef[] {
  const out: CaseDef[] = [];
  ENV_SETS.forEach((set, i) => {
    out.push(envCase('fork-exec', set, ARGVS[i % ARGVS.length]!));
    out.push(envCase('exec-tap', set, ARGVS[(i + 1) % ARGVS.length]!));
    out.push(envCase('override', set, ARGVS[(i + 2) % ARGVS.length]!));
  });
  for (const argv of ARGVS) {
    out.push(envCase('null-envp', ENV_SETS[1]!, argv));
    out.push(envCase('spawn', ENV_SETS[0]!, argv));
  }
  return out;
}
