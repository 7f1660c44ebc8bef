// security_info / security_info_ex records, setuid images, login (SEC.LOGIN.*) and confine
// (SEC.CONFINE.*, FS.CONFINE.DENY).

import { CAP_BITS, constValue, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  expectIdentity, identityCheckProgram, securityInfoExRecord, securityInfoRecord,
} from './caps.js';
import {
  ascii, bootIdentities, bootWith, childCheckMem, execCase, execInto, exitWithX0, expectWait, forkChild, hex,
  O_RDONLY, PROBE_FILE, probeFile, seeded, slug, AREA, waitStatusExited,
  writeTmpFile, type BootIdentity, type Identity,
} from './lib.js';

const ROOT = seeded('root');
const USER = seeded('user');
const GUEST = seeded('guest');
const ROOT_CAPS = SEEDED_PRINCIPAL_CAPS.root;
const USER_VA_END = constValue('ADDRESS_SPACE', 'USER_VA_END');
const USER_STACK_TOP = constValue('ADDRESS_SPACE', 'USER_STACK_TOP');
const IDENTITY_CLAUSES = ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE'];

/** Fills `n` bytes with 0xA5 so that bytes a call must not write show. */
function guarded(p: CaseProgram, n: number): number {
  return p.bytes(new Uint8Array(n).fill(0xa5), 8);
}

/** security_info_ex returns 0 and reads back `eff` and `real`. */
function expectIdentityEx(p: CaseProgram, eff: Identity, real: Identity, clauses: readonly string[]): void {
  const buf = p.space(32, 8);
  p.sys('security_info_ex', buf);
  p.expectEq('security_info_ex returns 0', ['SEC.INFOEX.FIELDS'], 0);
  p.expectMem(`security_info_ex reads back effective {${eff.principal}, ${eff.session}, ${hex(eff.caps)}} and real {${real.principal}, ${real.session}, ${hex(real.caps)}}`,
    ['SEC.INFOEX.FIELDS', ...clauses], buf, securityInfoExRecord(eff, real));
}

// ---- records ---------------------------------------------------------------------------------

function infoCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  return derivedCase(AREA, {
    id: `security-info/record/${bi.tag}`,
    description: `security_info as ${bi.text} writes the 16-byte record {principal, session, caps} and nothing past it`,
    clauses: ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE', 'SEC.CAPS'],
    boot: bootWith(id),
    build({ p }) {
      const buf = guarded(p, 32);
      p.sys('security_info', buf);
      p.expectEq('security_info returns 0', ['SEC.INFO.RECORD'], 0);
      p.expectMem(`the record is principal ${id.principal}, session ${id.session}, caps ${hex(id.caps)}`, ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE', 'SEC.CAPS'],
        buf, securityInfoRecord(id));
      p.expectMem('the 16 bytes after the record are untouched', ['SEC.INFO.RECORD'], buf + 16, new Uint8Array(16).fill(0xa5));
    },
  });
}

function infoExCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  return derivedCase(AREA, {
    id: `security-info/ex/${bi.tag}`,
    description: `security_info_ex as ${bi.text} writes the 32-byte record with effective = real = the boot identity`,
    clauses: ['SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', 'SEC.CAPS'],
    boot: bootWith(id),
    build({ p }) {
      const buf = guarded(p, 48);
      p.sys('security_info_ex', buf);
      p.expectEq('security_info_ex returns 0', ['SEC.INFOEX.FIELDS'], 0);
      p.expectMem(`effective and real identity are both {${id.principal}, ${id.session}, ${hex(id.caps)}}`, ['SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', 'SEC.CAPS'],
        buf, securityInfoExRecord(id));
      p.expectMem('the 16 bytes after the record are untouched', ['SEC.INFOEX.FIELDS'], buf + 32, new Uint8Array(16).fill(0xa5));
    },
  });
}

function defaultContextCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'security-info/boot-default',
    description: 'without an identity boot option init runs as principal 1, session 1, caps 0x3f (effective and real)',
    clauses: ['SEC.BOOT.CONTEXT', 'SEC.PRINCIPALS', 'SEC.INFOEX.EQUAL', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
    build({ p }) {
      expectIdentity(p, ROOT, 'the default context');
      expectIdentityEx(p, ROOT, ROOT, ['SEC.BOOT.CONTEXT', 'SEC.PRINCIPALS', 'SEC.INFOEX.EQUAL']);
    },
  });
}

const FAULT_ADDRS: readonly { tag: string; addr: bigint; text: string }[] = [
  { tag: 'null', addr: 0n, text: 'NULL' },
  { tag: 'low-unmapped', addr: 0x1000n, text: 'an unmapped low page' },
  { tag: 'code', addr: BigInt(CODE_BASE), text: 'the read-only code segment' },
  { tag: 'stack-top-straddle', addr: BigInt(USER_STACK_TOP - 8), text: 'a record straddling the top of the stack' },
  { tag: 'user-va-end', addr: BigInt(USER_VA_END), text: 'the end of the user range' },
  { tag: 'kernel-half', addr: 1n << 63n, text: 'an address with bit 63 set' },
];

function faultCase(row: 'security_info' | 'security_info_ex', f: (typeof FAULT_ADDRS)[number]): CaseDef {
  return derivedCase(AREA, {
    id: `security-info/fault/${row}/${f.tag}`,
    description: `${row} with the record at ${f.text} (${hex(f.addr)}) fails EFAULT`,
    clauses: ['ABI.FAULT'],
    build({ p }) {
      p.sys(row, f.addr);
      p.expectErrno(`${row}(${hex(f.addr)}) fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
    },
  });
}

// ---- setuid images ---------------------------------------------------------------------------

const SUID_PATH = '/bin/system-suid';

/** The identity a setuid base-image exec gives (SEC.SETUID.IDENTITY): owner principal 1, root caps, caller's session. */
function elevated(caller: Identity): Identity {
  return { principal: 1, session: caller.session, caps: ROOT_CAPS };
}

function setuidSpawnCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const eff = elevated(id);
  return derivedCase(AREA, {
    id: `setuid/spawn/${bi.tag}`,
    description: `spawn of a setuid (04755) base-image program as ${bi.text}: the child runs as {1, ${id.session}, 0x3f} with the caller as real identity`,
    clauses: ['SEC.SETUID.EXEC', 'SEC.SETUID.IDENTITY', 'SEC.INFOEX.FIELDS', 'PROC.SPAWN.IDENTITY', 'PROC.SPAWN.STATUS', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p, file }) {
      file({ path: SUID_PATH, data: identityCheckProgram(p, eff, id), mode: 0o4755 });
      expectIdentity(p, id);
      p.sys('spawn', p.str(SUID_PATH), p.words([p.str('suid'), 0]));
      p.expectEq('spawn returns 0: the child saw the elevated effective and the caller\'s real identity',
        ['SEC.SETUID.EXEC', 'SEC.SETUID.IDENTITY', 'SEC.INFOEX.FIELDS', 'PROC.SPAWN.IDENTITY', 'PROC.SPAWN.STATUS'], 0);
      expectIdentity(p, id, 'the caller\'s own identity, unchanged');
    },
  });
}

/** The reporting image of the exec cases: security_info (effective) and security_info_ex. */
function reportIdentity(p: CaseProgram, eff: Identity, real: Identity, clauses: readonly string[]): void {
  expectIdentity(p, eff, 'the effective identity');
  expectIdentityEx(p, eff, real, clauses);
}

function setuidExecCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const eff = elevated(id);
  return execCase({
    id: `setuid/execve/${bi.tag}`,
    description: `execve of a setuid (04755) base-image program as ${bi.text}: effective {1, ${id.session}, 0x3f}, real = the invoker`,
    clauses: ['SEC.SETUID.EXEC', 'SEC.SETUID.IDENTITY', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    imagePath: SUID_PATH,
    imageMode: 0o4755,
    image(p) {
      reportIdentity(p, eff, id, ['SEC.SETUID.EXEC', 'SEC.SETUID.IDENTITY']);
    },
    init(p) {
      execInto(p, SUID_PATH, 'suid');
    },
  });
}

function setuidChainCases(): CaseDef[] {
  const out: CaseDef[] = [];
  // setuid, then a second setuid exec: the first invoker stays the real identity.
  out.push(execCase({
    id: 'setuid/twice',
    description: 'user execs a setuid image that execs a second setuid image: effective {1, 2, 0x3f}, real still user {2, 2, 0x0e}',
    clauses: ['SEC.SETUID.IDENTITY', 'SEC.SETUID.EXEC', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
    boot: bootWith(USER),
    imagePath: '/bin/system-suid-b',
    imageMode: 0o4755,
    files: (p) => {
      const mid = p.child();
      execInto(mid, '/bin/system-suid-b', 'suid-b');
      mid.exit(101);
      return [{ path: '/bin/system-suid-a', data: mid.elf(), mode: 0o4755 }];
    },
    image(p) {
      reportIdentity(p, elevated(USER), USER, ['SEC.SETUID.IDENTITY']);
    },
    init(p) {
      execInto(p, '/bin/system-suid-a', 'suid-a');
    },
  }));
  // setuid, then a plain exec keeps the elevated context.
  out.push(execCase({
    id: 'setuid/then-plain-exec',
    description: 'guest execs a setuid image that execs a plain 0755 image: the context stays effective {1, 3, 0x3f}, real guest',
    clauses: ['SEC.SETUID.IDENTITY', 'PROC.EXEC.REPLACE', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
    boot: bootWith(GUEST),
    imagePath: '/bin/system-plain',
    files: (p) => {
      const mid = p.child();
      execInto(mid, '/bin/system-plain', 'plain');
      mid.exit(101);
      return [{ path: SUID_PATH, data: mid.elf(), mode: 0o4755 }];
    },
    image(p) {
      reportIdentity(p, elevated(GUEST), GUEST, ['SEC.SETUID.IDENTITY', 'PROC.EXEC.REPLACE']);
    },
    init(p) {
      execInto(p, SUID_PATH, 'suid');
    },
  }));
  // No setuid bit: nothing changes.
  for (const bi of [USER, GUEST]) {
    const name = bi === USER ? 'user' : 'guest';
    out.push(execCase({
      id: `setuid/no-bit/${name}`,
      description: `${name} execs a 0755 base-image program (no setuid bit): effective and real stay {${bi.principal}, ${bi.session}, ${hex(bi.caps)}}`,
      clauses: ['SEC.SETUID.EXEC', 'SEC.INFOEX.EQUAL', 'PROC.EXEC.REPLACE', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
      boot: bootWith(bi),
      imagePath: '/bin/system-plain',
      image(p) {
        reportIdentity(p, bi, bi, ['SEC.SETUID.EXEC', 'SEC.INFOEX.EQUAL', 'PROC.EXEC.REPLACE']);
      },
      init(p) {
        execInto(p, '/bin/system-plain', 'plain');
      },
    }));
  }
  // The bit means nothing on tmpfs.
  const withLog: Identity = { ...USER, caps: USER.caps | CAP_BITS.capLogExport };
  for (const [tag, id] of [['user', USER], ['user-with-caplogexport', withLog]] as const) {
    out.push(execCase({
      id: `setuid/tmpfs/${tag}`,
      description: `${tag} copies a program to /tmp, sets 04755 and execs it: the setuid bit is ignored on tmpfs, the identity stays {${id.principal}, ${id.session}, ${hex(id.caps)}}`,
      clauses: ['SEC.SETUID.TMPFS', 'FS.CHMOD.BITS', 'SEC.INFOEX.EQUAL', 'SEC.INFOEX.FIELDS', ...IDENTITY_CLAUSES],
      boot: bootWith(id),
      image(p) {
        reportIdentity(p, id, id, ['SEC.SETUID.TMPFS', 'SEC.INFOEX.EQUAL']);
      },
      init(p, image) {
        writeTmpFile(p, '/tmp/system-suid', image, 0o4755);
        execInto(p, '/tmp/system-suid', 'tmp-suid');
      },
    }));
  }
  // login after a setuid exec sets both identities.
  const target: Identity = { principal: 5, session: 9, caps: 0x06 };
  out.push(execCase({
    id: 'setuid/login-after',
    description: 'guest execs a setuid image, which holds capConsole and logs in as {5, 9, 0x6}: effective and real both become it',
    clauses: ['SEC.LOGIN.REAL', 'SEC.LOGIN.REPLACE', 'SEC.SETUID.IDENTITY', 'SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', ...IDENTITY_CLAUSES],
    boot: bootWith(GUEST),
    imagePath: SUID_PATH,
    imageMode: 0o4755,
    image(p) {
      expectIdentityEx(p, elevated(GUEST), GUEST, ['SEC.SETUID.IDENTITY']);
      p.sys('login', target.principal, target.session, target.caps);
      p.expectEq('login from the elevated image returns 0', ['SEC.LOGIN.REPLACE'], 0);
      reportIdentity(p, target, target, ['SEC.LOGIN.REAL', 'SEC.INFOEX.EQUAL']);
    },
    init(p) {
      execInto(p, SUID_PATH, 'suid');
    },
  }));
  return out;
}

// ---- login -----------------------------------------------------------------------------------

const LOGIN_TARGETS: readonly Identity[] = [
  USER, GUEST, ROOT,
  { principal: 2, session: 77, caps: SEEDED_PRINCIPAL_CAPS.user },
  { principal: 9, session: 4, caps: 0x7f },
  { principal: 0, session: 0, caps: 0 },
  { principal: 0xffff_ffff, session: 0xffff_ffff, caps: CAP_BITS.capLogExport },
  { principal: 5, session: 1, caps: CAP_BITS.capConsole },
  { principal: 1, session: 2, caps: CAP_BITS.capNet | CAP_BITS.capFsRead },
  { principal: 0x8000_0000, session: 3, caps: 0x55 },
];

function loginReplaceCase(t: Identity): CaseDef {
  return derivedCase(AREA, {
    id: `login/replace/p${t.principal.toString(16)}-s${t.session.toString(16)}-c${t.caps.toString(16)}`,
    description: `root logs in as {${hex(t.principal)}, ${hex(t.session)}, ${hex(t.caps)}}: security_info and security_info_ex report it as effective and real identity`,
    clauses: ['SEC.LOGIN.REPLACE', 'SEC.LOGIN.REAL', 'SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', ...IDENTITY_CLAUSES],
    build({ p }) {
      p.sys('login', t.principal, t.session, t.caps);
      p.expectEq('login returns 0', ['SEC.LOGIN.REPLACE'], 0);
      reportIdentity(p, t, t, ['SEC.LOGIN.REAL', 'SEC.INFOEX.EQUAL']);
    },
  });
}

const BAD_CAPS: readonly bigint[] = [0x80n, 0xffn, 0x100n, 0x8000_0000n, 1n << 32n, 1n << 63n, 0x3fn | 0x200n];

function loginCapBitsCase(caps: bigint, as: 'root' | 'user'): CaseDef {
  const id = as === 'root' ? ROOT : USER;
  const gated = as === 'user';
  return derivedCase(AREA, {
    id: `login/capbits/${as}/${caps.toString(16)}`,
    description: gated
      ? `user (no capConsole) logs in with caps ${hex(caps)} outside CAPABILITIES: the capability gate comes first, EPERM; nothing changes`
      : `root logs in with caps ${hex(caps)}, bits outside CAPABILITIES: EINVAL and nothing changes`,
    clauses: gated ? ['SEC.LOGIN.CAP', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO', ...IDENTITY_CLAUSES] : ['SEC.LOGIN.CAPBITS', 'ABI.FLAGS.UNKNOWN', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p }) {
      p.sys('login', 4, 4, caps);
      if (gated) p.expectErrno('login without capConsole fails EPERM before the caps are checked', ['SEC.LOGIN.CAP', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'], 'EPERM');
      else p.expectErrno(`login with caps ${hex(caps)} fails EINVAL`, ['SEC.LOGIN.CAPBITS', 'ABI.FLAGS.UNKNOWN'], 'EINVAL');
      expectIdentity(p, id, 'the unchanged identity');
    },
  });
}

function loginMiscCases(): CaseDef[] {
  const out: CaseDef[] = [];
  out.push(derivedCase(AREA, {
    id: 'login/upper-bits-ignored',
    description: 'login uses the low 32 bits of principal and session: 0x1_0000_0002 and 0xdead_0000_0005 give principal 2, session 5',
    clauses: ['ABI.ARGS.UNUSED', 'SEC.LOGIN.REPLACE', ...IDENTITY_CLAUSES],
    build({ p }) {
      p.sys('login', 0x1_0000_0002n, 0xdead_0000_0005n, 0x0e);
      p.expectEq('login returns 0', ['SEC.LOGIN.REPLACE'], 0);
      expectIdentity(p, { principal: 2, session: 5, caps: 0x0e }, 'the low 32 bits');
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'login/drops-console',
    description: 'root logs in as user (no capConsole); a second login back to root fails EPERM and the user context stays',
    clauses: ['SEC.LOGIN.CAP', 'SEC.LOGIN.REPLACE', 'SEC.CAP.ERRNO', ...IDENTITY_CLAUSES],
    build({ p }) {
      p.sys('login', USER.principal, USER.session, USER.caps);
      p.expectEq('login as user returns 0', ['SEC.LOGIN.REPLACE'], 0);
      p.sys('login', ROOT.principal, ROOT.session, ROOT.caps);
      p.expectErrno('login back to root fails EPERM: capConsole was given up', ['SEC.LOGIN.CAP', 'SEC.CAP.ERRNO'], 'EPERM');
      expectIdentity(p, USER, 'the user context');
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'login/grants-logexport',
    description: 'log_stats fails EACCES for root; after login with caps 0x3f | capLogExport it succeeds',
    clauses: ['SEC.LOGIN.REPLACE', 'SEC.LOGEXPORT', 'SYS.LOG.CAP', 'SEC.CAP.ERRNO'],
    build({ p }) {
      const buf = p.space(32, 8);
      p.sys('log_stats', buf, 32);
      p.expectErrno('log_stats as root (no capLogExport) fails EACCES', ['SYS.LOG.CAP', 'SEC.LOGEXPORT', 'SEC.CAP.ERRNO'], 'EACCES');
      p.sys('login', 1, 1, ROOT_CAPS | CAP_BITS.capLogExport);
      p.expectEq('login adding capLogExport returns 0', ['SEC.LOGIN.REPLACE'], 0);
      p.sys('log_stats', buf, 32);
      p.expectEq('log_stats now returns 0', ['SYS.LOG.CAP', 'SEC.LOGIN.REPLACE'], 0);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'login/drops-fsread',
    description: 'open for reading works for root; after login without capFsRead the same open fails EACCES',
    clauses: ['SEC.LOGIN.REPLACE', 'FS.OPEN.CAP.READ', 'SEC.CAP.ERRNO', 'FS.OPEN.LOWEST'],
    build({ p, file }) {
      file(probeFile());
      p.sys('open', p.str(PROBE_FILE), O_RDONLY, 0);
      p.expectEq('open O_RDONLY returns handle 3', ['FS.OPEN.CAP.READ', 'FS.OPEN.LOWEST'], 3);
      p.sys('login', 1, 1, ROOT_CAPS & ~CAP_BITS.capFsRead);
      p.expectEq('login without capFsRead returns 0', ['SEC.LOGIN.REPLACE'], 0);
      p.sys('open', p.str(PROBE_FILE), O_RDONLY, 0);
      p.expectErrno('the same open now fails EACCES', ['FS.OPEN.CAP.READ', 'SEC.CAP.ERRNO', 'SEC.LOGIN.REPLACE'], 'EACCES');
    },
  }));
  const t: Identity = { principal: 2, session: 77, caps: SEEDED_PRINCIPAL_CAPS.user };
  out.push(derivedCase(AREA, {
    id: 'login/fork-inherits',
    description: 'after login as {2, 77, 0xe} a forked child reports the same effective and real identity',
    clauses: ['SEC.LOGIN.REPLACE', 'PROC.FORK.IDENTITY', 'SEC.LOGIN.REAL', 'PROC.WAIT.EXITCODE'],
    build({ p }) {
      p.sys('login', t.principal, t.session, t.caps);
      p.expectEq('login returns 0', ['SEC.LOGIN.REPLACE'], 0);
      const buf = p.space(32, 8);
      const pid = forkChild(p, () => {
        p.sys('security_info', buf);
        childCheckMem(p, buf, securityInfoRecord(t), 1);
        p.sys('security_info_ex', buf);
        childCheckMem(p, buf, securityInfoExRecord(t), 2);
      });
      expectWait(p, pid, 2, waitStatusExited(0), 'child (identity {2, 77, 0xe})', ['PROC.FORK.IDENTITY', 'SEC.LOGIN.REAL', 'PROC.WAIT.EXITCODE']);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'login/spawn-inherits',
    description: 'after login as {2, 77, 0xe} a spawned child reports the same effective and real identity',
    clauses: ['SEC.LOGIN.REPLACE', 'PROC.SPAWN.IDENTITY', 'SEC.LOGIN.REAL', 'PROC.SPAWN.STATUS'],
    build({ p, file }) {
      file({ path: '/bin/system-idcheck', data: identityCheckProgram(p, t) });
      p.sys('login', t.principal, t.session, t.caps);
      p.expectEq('login returns 0', ['SEC.LOGIN.REPLACE'], 0);
      p.sys('spawn', p.str('/bin/system-idcheck'), p.words([p.str('idcheck'), 0]));
      p.expectEq('spawn returns 0: the child ran as {2, 77, 0xe}', ['PROC.SPAWN.IDENTITY', 'SEC.LOGIN.REAL', 'PROC.SPAWN.STATUS'], 0);
    },
  }));
  for (const target of [t, GUEST, { principal: 12, session: 12, caps: 0x7f }]) {
    out.push(execCase({
      id: `login/survives-exec/p${target.principal}-c${target.caps.toString(16)}`,
      description: `login as {${target.principal}, ${target.session}, ${hex(target.caps)}} then execve: the new image runs with that context`,
      clauses: ['SEC.LOGIN.EXEC', 'SEC.LOGIN.REAL', 'SEC.INFOEX.FIELDS', 'SEC.INFOEX.EQUAL', ...IDENTITY_CLAUSES],
      imagePath: '/bin/system-after-login',
      image(p) {
        reportIdentity(p, target, target, ['SEC.LOGIN.EXEC', 'SEC.LOGIN.REAL', 'SEC.INFOEX.EQUAL']);
      },
      init(p) {
        p.sys('login', target.principal, target.session, target.caps);
        execInto(p, '/bin/system-after-login', 'after-login');
      },
    }));
  }
  out.push(derivedCase(AREA, {
    id: 'login/thread',
    description: 'a second thread logs in as {2, 77, 0xe}; the initial thread then reports that context (one context per process)',
    clauses: ['SEC.LOGIN.THREADS', 'SEC.LOGIN.REPLACE', 'THR.CREATE.SHARE', ...IDENTITY_CLAUSES],
    build({ p }) {
      const stack = p.space(4096, 16) + 4096;
      const main = p.a.label();
      p.a.b(main);
      const entry = p.a.here();
      p.sys('login', t.principal, t.session, t.caps);
      p.exit(0);
      p.a.bind(main);
      p.sys('thread_create', CODE_BASE + entry.offset, 0, stack);
      p.expectCmp('thread_create returns a thread id', ['THR.CREATE.SHARE'], 'gt', 0);
      p.sys('nanosleep', 0, 20_000_000);
      expectIdentity(p, t, 'the context the other thread set');
    },
  }));
  return out;
}

// ---- confine ---------------------------------------------------------------------------------

/** /tmp/jail/{in, sub/}, /tmp/jailbreak/, /tmp/out; needs capTmpWrite (root). */
function jailSetup(p: CaseProgram): void {
  p.sys('mkdir', p.str('/tmp/jail'), 0o755);
  p.sys('mkdir', p.str('/tmp/jail/sub'), 0o755);
  p.sys('mkdir', p.str('/tmp/jailbreak'), 0o755);
  writeTmpFile(p, '/tmp/jail/in', ascii('in'));
  writeTmpFile(p, '/tmp/out', ascii('out'));
}

type Access = 'inside' | 'outside' | 'missing';

const CONFINED_PATHS: readonly { path: string; access: Access; dir: boolean; why: string }[] = [
  { path: '/tmp/jail/in', access: 'inside', dir: false, why: 'a file in the subtree' },
  { path: 'in', access: 'inside', dir: false, why: 'relative to the cwd, moved to the root' },
  { path: '/tmp/jail', access: 'inside', dir: true, why: 'the confinement root itself' },
  { path: '/tmp/jail/sub', access: 'inside', dir: true, why: 'a subdirectory' },
  { path: '.', access: 'inside', dir: true, why: 'the cwd (the root)' },
  { path: 'sub/..', access: 'inside', dir: true, why: 'down and back up' },
  { path: '/tmp/jail/sub/../in', access: 'inside', dir: false, why: '.. inside the subtree' },
  { path: '/tmp/jail/../jail/in', access: 'inside', dir: false, why: 'out through .. and back in: the resolved path is inside' },
  { path: '//tmp//jail/./in', access: 'inside', dir: false, why: 'repeated slashes and .' },
  { path: '/tmp/jail/missing', access: 'missing', dir: false, why: 'a missing name inside' },
  { path: '/tmp/out', access: 'outside', dir: false, why: 'a sibling file' },
  { path: '/tmp', access: 'outside', dir: true, why: 'the parent' },
  { path: '/', access: 'outside', dir: true, why: 'the filesystem root' },
  { path: '/tmp/jail/..', access: 'outside', dir: true, why: '.. above the confinement root' },
  { path: '..', access: 'outside', dir: true, why: 'relative .. from the root' },
  { path: '../out', access: 'outside', dir: false, why: 'relative path to a sibling' },
  { path: 'sub/../../out', access: 'outside', dir: false, why: 'down, then up past the root' },
  { path: '/tmp/jailbreak', access: 'outside', dir: true, why: 'a sibling sharing the name prefix' },
  { path: PROBE_FILE, access: 'outside', dir: false, why: 'a base-image file' },
];

function confineAccessCase(entry: (typeof CONFINED_PATHS)[number], i: number, op: 'stat' | 'open'): CaseDef {
  const expected = entry.access === 'inside' ? null : entry.access === 'outside' ? 'EACCES' : 'ENOENT';
  const clauses = entry.access === 'outside'
    ? ['FS.CONFINE.DENY', 'SEC.CONFINE.NARROW', 'FS.PATH.RESOLVE']
    : entry.access === 'missing' ? ['FS.PATH.NOENT', 'SEC.CONFINE.NARROW'] : ['SEC.CONFINE.NARROW', 'FS.PATH.RESOLVE'];
  const rel = !entry.path.startsWith('/');
  const allClauses = [...clauses, ...(rel ? ['SEC.CONFINE.CWD'] : []), ...(op === 'open' && expected === null ? ['FS.OPEN.LOWEST'] : [])];
  return derivedCase(AREA, {
    id: `confine/access/${op}/${i}-${slug(entry.path)}`,
    description: `after confine("/tmp/jail"), ${op} "${entry.path}" (${entry.why}) ${expected === null ? 'succeeds' : `fails ${expected}`}`,
    clauses: ['SEC.CONFINE.NARROW', ...allClauses],
    build({ p, file }) {
      file(probeFile());
      jailSetup(p);
      p.sys('confine', p.str('/tmp/jail'));
      p.expectEq('confine("/tmp/jail") returns 0', ['SEC.CONFINE.NARROW'], 0);
      if (op === 'stat') p.sys('stat', p.str(entry.path), p.space(32, 8));
      else p.sys('open', p.str(entry.path), O_RDONLY, 0);
      if (expected !== null) p.expectErrno(`${op} "${entry.path}" fails ${expected}`, allClauses, expected);
      else if (op === 'stat') p.expectEq(`stat "${entry.path}" returns 0`, allClauses, 0);
      else p.expectEq(`open "${entry.path}" returns the lowest free handle, 3`, allClauses, 3);
    },
  });
}

const RECONFINE: readonly { path: string; ok: boolean; why: string; root?: string }[] = [
  { path: '/tmp/jail', ok: true, why: 'the same root', root: '/tmp/jail' },
  { path: '.', ok: true, why: 'the cwd, which is the root', root: '/tmp/jail' },
  { path: 'sub', ok: true, why: 'a subdirectory', root: '/tmp/jail/sub' },
  { path: '/tmp/jail/sub/', ok: true, why: 'a subdirectory with a trailing slash', root: '/tmp/jail/sub' },
  { path: '/tmp/jail/sub/..', ok: true, why: 'a path that resolves to the root', root: '/tmp/jail' },
  { path: '/tmp', ok: false, why: 'the parent' },
  { path: '..', ok: false, why: 'relative ..' },
  { path: '/', ok: false, why: 'the filesystem root' },
  { path: '/tmp/jailbreak', ok: false, why: 'a sibling with the same prefix' },
  { path: '/tmp/jail/..', ok: false, why: '.. above the root' },
];

function reconfineCase(r: (typeof RECONFINE)[number], i: number): CaseDef {
  return derivedCase(AREA, {
    id: `confine/reconfine/${i}-${slug(r.path)}`,
    description: `confined to /tmp/jail, confine("${r.path}") (${r.why}) ${r.ok ? `succeeds; the root is then ${r.root}` : 'fails EACCES: confinement only narrows'}`,
    clauses: r.ok ? ['SEC.CONFINE.NARROW', 'SEC.CONFINE.WIDEN', 'FS.CONFINE.DENY', 'FS.GETCWD.PATH', 'SEC.CONFINE.CWD'] : ['SEC.CONFINE.WIDEN', 'SEC.CONFINE.WIDEN.ERRNO', 'SEC.CONFINE.NARROW'],
    build({ p }) {
      jailSetup(p);
      p.sys('confine', p.str('/tmp/jail'));
      p.expectEq('confine("/tmp/jail") returns 0', ['SEC.CONFINE.NARROW'], 0);
      p.sys('confine', p.str(r.path));
      if (!r.ok) {
        p.expectErrno(`confine("${r.path}") fails EACCES`, ['SEC.CONFINE.WIDEN', 'SEC.CONFINE.WIDEN.ERRNO'], 'EACCES');
        p.sys('stat', p.str('/tmp/jail/in'), p.space(32, 8));
        p.expectEq('the old confinement still holds: /tmp/jail/in is reachable', ['SEC.CONFINE.WIDEN'], 0);
        p.sys('stat', p.str('/tmp/out'), p.space(32, 8));
        p.expectErrno('and /tmp/out is not', ['SEC.CONFINE.WIDEN', 'SEC.CONFINE.NARROW'], 'EACCES');
        return;
      }
      p.expectEq(`confine("${r.path}") returns 0`, ['SEC.CONFINE.NARROW', 'SEC.CONFINE.WIDEN'], 0);
      const narrowed = r.root !== '/tmp/jail';
      p.sys('stat', p.str('/tmp/jail/in'), p.space(32, 8));
      if (narrowed) p.expectErrno(`/tmp/jail/in lies outside the new root ${r.root}: EACCES`, ['SEC.CONFINE.NARROW', 'FS.CONFINE.DENY'], 'EACCES');
      else p.expectEq('/tmp/jail/in is still reachable', ['SEC.CONFINE.NARROW'], 0);
      const buf = p.space(64, 8);
      p.sys('getcwd', buf, 64);
      p.expectEq(`getcwd returns the length of ${r.root}`, ['FS.GETCWD.PATH', 'SEC.CONFINE.CWD'], r.root!.length);
      p.expectMem(`the cwd is ${r.root}`, ['FS.GETCWD.PATH', 'SEC.CONFINE.CWD'], buf, ascii(`${r.root}\0`));
    },
  });
}

const CWD_CASES: readonly { cwd: string; after: string }[] = [
  { cwd: '/', after: '/tmp/jail' },
  { cwd: '/tmp', after: '/tmp/jail' },
  { cwd: '/tmp/jailbreak', after: '/tmp/jail' },
  { cwd: '/tmp/jail', after: '/tmp/jail' },
  { cwd: '/tmp/jail/sub', after: '/tmp/jail/sub' },
];

function confineCwdCase(c: (typeof CWD_CASES)[number]): CaseDef {
  const moved = c.after !== c.cwd;
  return derivedCase(AREA, {
    id: `confine/cwd/from-${c.cwd === '/' ? 'root' : slug(c.cwd)}`,
    description: `with cwd ${c.cwd}, confine("/tmp/jail") ${moved ? 'moves the cwd to the root /tmp/jail' : `keeps the cwd ${c.cwd}`}`,
    clauses: ['SEC.CONFINE.CWD', 'SEC.CONFINE.NARROW', 'FS.GETCWD.PATH', 'FS.CHDIR.SET'],
    build({ p }) {
      jailSetup(p);
      p.sys('chdir', p.str(c.cwd));
      p.expectEq(`chdir ${c.cwd} returns 0`, ['FS.CHDIR.SET'], 0);
      p.sys('confine', p.str('/tmp/jail'));
      p.expectEq('confine returns 0', ['SEC.CONFINE.NARROW'], 0);
      const buf = p.space(64, 8);
      p.sys('getcwd', buf, 64);
      p.expectEq(`getcwd returns ${c.after.length}`, ['FS.GETCWD.PATH', 'SEC.CONFINE.CWD'], c.after.length);
      p.expectMem(`the cwd is ${c.after}`, ['FS.GETCWD.PATH', 'SEC.CONFINE.CWD'], buf, ascii(`${c.after}\0`));
    },
  });
}

const BAD_CONFINE: readonly { path: string; errno: 'ENOTDIR' | 'ENOENT'; clauses: readonly string[]; why: string }[] = [
  { path: '/tmp/out', errno: 'ENOTDIR', clauses: ['SEC.CONFINE.NOTDIR'], why: 'a tmpfs file' },
  { path: PROBE_FILE, errno: 'ENOTDIR', clauses: ['SEC.CONFINE.NOTDIR'], why: 'a base-image file' },
  { path: '/dev/null', errno: 'ENOTDIR', clauses: ['SEC.CONFINE.NOTDIR'], why: 'a device node' },
  { path: '/tmp/out/x', errno: 'ENOTDIR', clauses: ['FS.PATH.NOTDIR'], why: 'a path through a file' },
  { path: '/tmp/missing', errno: 'ENOENT', clauses: ['FS.PATH.NOENT'], why: 'a missing directory' },
  { path: '', errno: 'ENOENT', clauses: ['ABI.STRING.EMPTY'], why: 'the empty path' },
];

function badConfineCase(b: (typeof BAD_CONFINE)[number]): CaseDef {
  return derivedCase(AREA, {
    id: `confine/invalid/${b.path === '' ? 'empty' : slug(b.path)}`,
    description: `confine("${b.path}") (${b.why}) fails ${b.errno} and leaves the process unconfined`,
    clauses: [...b.clauses, 'SEC.CONFINE.NARROW'],
    build({ p, file }) {
      file(probeFile());
      jailSetup(p);
      p.sys('confine', p.str(b.path));
      p.expectErrno(`confine("${b.path}") fails ${b.errno}`, b.clauses, b.errno);
      p.sys('stat', p.str('/'), p.space(32, 8));
      p.expectEq('the process is not confined: stat "/" succeeds', ['SEC.CONFINE.NARROW'], 0);
    },
  });
}

/** A program that exits 0 at once. */
export function trueProgram(parent: CaseProgram): Uint8Array {
  const c = parent.child();
  c.exit(0);
  return c.elf();
}

/** Exits with the low byte of stat(path) (PROC.EXIT.CODE). */
function statResultExit(p: CaseProgram, path: string): void {
  p.sys('stat', p.str(path), p.space(32, 8));
  exitWithX0(p);
}

function confineInheritCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const probes: readonly { path: string; errno: 'EACCES' | null }[] = [
    { path: '/tmp/jail/in', errno: null },
    { path: '/tmp/out', errno: 'EACCES' },
    { path: '/tmp', errno: 'EACCES' },
  ];
  for (const pr of probes) {
    const code = pr.errno === null ? 0 : (-13) & 0xff;
    out.push(derivedCase(AREA, {
      id: `confine/inherit/fork/${slug(pr.path)}`,
      description: `a child forked after confine("/tmp/jail") is confined too: its stat "${pr.path}" ${pr.errno === null ? 'succeeds' : 'fails EACCES'}`,
      clauses: ['SEC.CONFINE.INHERIT', 'SEC.CONFINE.NARROW', 'PROC.FORK.IDENTITY', 'FS.CONFINE.DENY', 'PROC.WAIT.EXITCODE', 'PROC.EXIT.CODE'],
      build({ p }) {
        jailSetup(p);
        p.sys('confine', p.str('/tmp/jail'));
        p.expectEq('confine returns 0', ['SEC.CONFINE.NARROW'], 0);
        const pid = forkChild(p, () => statResultExit(p, pr.path));
        expectWait(p, pid, 2, waitStatusExited(code), `child (its stat returned ${pr.errno === null ? 0 : '-EACCES'})`,
          ['SEC.CONFINE.INHERIT', 'PROC.FORK.IDENTITY', 'FS.CONFINE.DENY', 'PROC.EXIT.CODE']);
      },
    }));
    out.push(derivedCase(AREA, {
      id: `confine/inherit/spawn/${slug(pr.path)}`,
      description: `a child spawned from inside the jail after confine("/tmp/jail") is confined too: its stat "${pr.path}" ${pr.errno === null ? 'succeeds' : 'fails EACCES'}`,
      clauses: ['SEC.CONFINE.INHERIT', 'SEC.CONFINE.NARROW', 'PROC.SPAWN.CWD', 'FS.CONFINE.DENY', 'PROC.SPAWN.STATUS', 'PROC.EXIT.CODE'],
      build({ p }) {
        jailSetup(p);
        const child = p.child();
        statResultExit(child, pr.path);
        writeTmpFile(p, '/tmp/jail/probe', child.elf(), 0o755);
        p.sys('confine', p.str('/tmp/jail'));
        p.expectEq('confine returns 0', ['SEC.CONFINE.NARROW'], 0);
        p.sys('spawn', p.str('/tmp/jail/probe'), p.words([p.str('probe'), 0]));
        p.expectEq(`spawn returns the child's exit code ${code}`, ['SEC.CONFINE.INHERIT', 'PROC.SPAWN.CWD', 'FS.CONFINE.DENY', 'PROC.SPAWN.STATUS'], code);
      },
    }));
  }
  out.push(derivedCase(AREA, {
    id: 'confine/inherit/spawn-outside-program',
    description: 'after confine("/tmp/jail"), spawn of /bin/... (outside the subtree) fails EACCES at path resolution',
    clauses: ['FS.CONFINE.DENY', 'PROC.EXEC.ORDER', 'SEC.CONFINE.NARROW'],
    build({ p, file }) {
      file({ path: '/bin/system-true', data: trueProgram(p) });
      jailSetup(p);
      p.sys('confine', p.str('/tmp/jail'));
      p.expectEq('confine returns 0', ['SEC.CONFINE.NARROW'], 0);
      p.sys('spawn', p.str('/bin/system-true'), 0);
      p.expectErrno('spawn /bin/system-true fails EACCES', ['FS.CONFINE.DENY', 'PROC.EXEC.ORDER'], 'EACCES');
    },
  }));
  out.push(execCase({
    id: 'confine/inherit/exec',
    description: 'confinement survives execve: the new image (inside the jail) still cannot reach /tmp/out and still reaches /tmp/jail/in',
    clauses: ['SEC.CONFINE.INHERIT', 'PROC.EXEC.REPLACE', 'FS.CONFINE.DENY', 'FS.GETCWD.PATH'],
    image(p) {
      p.sys('stat', p.str('/tmp/out'), p.space(32, 8));
      p.expectErrno('stat /tmp/out fails EACCES after exec', ['SEC.CONFINE.INHERIT', 'PROC.EXEC.REPLACE', 'FS.CONFINE.DENY'], 'EACCES');
      p.sys('stat', p.str('/tmp/jail/in'), p.space(32, 8));
      p.expectEq('stat /tmp/jail/in returns 0', ['SEC.CONFINE.INHERIT'], 0);
      const buf = p.space(32, 8);
      p.sys('getcwd', buf, 32);
      p.expectEq('getcwd returns 9', ['FS.GETCWD.PATH', 'PROC.EXEC.REPLACE'], 9);
      p.expectMem('the cwd is still /tmp/jail', ['FS.GETCWD.PATH', 'PROC.EXEC.REPLACE'], buf, ascii('/tmp/jail\0'));
    },
    init(p, image) {
      jailSetup(p);
      writeTmpFile(p, '/tmp/jail/image', image, 0o755);
      p.sys('confine', p.str('/tmp/jail'));
      execInto(p, '/tmp/jail/image', 'image');
    },
  }));
  return out;
}

/** confine needs no capability: each seeded principal can confine itself to /etc. */
function confineNoCapCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  return derivedCase(AREA, {
    id: `confine/nocap/${bi.tag}`,
    description: `${bi.text} confines itself to /etc without any capability; /etc files stay visible, /bin does not`,
    clauses: ['SEC.CONFINE.NARROW', 'FS.CONFINE.DENY', 'FS.STAT.NOCAP', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p, file }) {
      file(probeFile(), { path: '/bin/system-true', data: trueProgram(p) });
      expectIdentity(p, id);
      p.sys('confine', p.str('/etc'));
      p.expectEq('confine("/etc") returns 0', ['SEC.CONFINE.NARROW'], 0);
      p.sys('stat', p.str(PROBE_FILE), p.space(32, 8));
      p.expectEq(`stat ${PROBE_FILE} returns 0`, ['SEC.CONFINE.NARROW', 'FS.STAT.NOCAP'], 0);
      p.sys('stat', p.str('/bin/system-true'), p.space(32, 8));
      p.expectErrno('stat /bin/system-true fails EACCES', ['FS.CONFINE.DENY'], 'EACCES');
    },
  });
}

export function securityCases(): CaseDef[] {
  const ids = bootIdentities();
  const out: CaseDef[] = [];
  for (const bi of ids) out.push(infoCase(bi));
  for (const bi of ids) out.push(infoExCase(bi));
  out.push(defaultContextCase());
  for (const row of ['security_info', 'security_info_ex'] as const) for (const f of FAULT_ADDRS) out.push(faultCase(row, f));
  for (const bi of ids) out.push(setuidSpawnCase(bi));
  for (const bi of ids) out.push(setuidExecCase(bi));
  out.push(...setuidChainCases());
  for (const t of LOGIN_TARGETS) out.push(loginReplaceCase(t));
  for (const c of BAD_CAPS) for (const as of ['root', 'user'] as const) out.push(loginCapBitsCase(c, as));
  out.push(...loginMiscCases());
  CONFINED_PATHS.forEach((e, i) => {
    for (const op of ['stat', 'open'] as const) out.push(confineAccessCase(e, i, op));
  });
  RECONFINE.forEach((r, i) => out.push(reconfineCase(r, i)));
  for (const c of CWD_CASES) out.push(confineCwdCase(c));
  for (const b of BAD_CONFINE) out.push(badConfineCase(b));
  out.push(...confineInheritCases());
  for (const bi of ids.slice(0, 3)) out.push(confineNoCapCase(bi));
  return out;
}
