// /proc cases (PROCFS.*), one table per family. Expected bytes come from spec/procfs.ts's model
// (procCmdline, procStatusHead, procHandles) and the spec's constants; what no model can know
// (tick counts, resident bytes) is checked by its shape, token by token, from PROC_STATUS_KEYS.

import {
  DEFAULT_HANDLE_RIGHTS, PROC_PID_FILES, PROC_SELF, PROC_STATUS_KEYS, procAccepts, procCmdline, procHandles, procStatusHead,
  procStatusName, rightsMask, type HandleKind, type ProcHandle, type ProcStateName,
} from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  bootAs, CAP, direntLength, direntTail, DT, O, ROOT, S, SEEK_SET, USER, type AreaCaseDef, type Identity, progArea, type Prog, type Token,
} from './kit.js';

const AREA = 'procfs';
const BUF = 8192;
const procCase = (def: AreaCaseDef): CaseDef => derivedCase(progArea(AREA), def);

const kindRights = (kind: HandleKind, keep: (r: string) => boolean = () => true): number =>
  rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === kind)!.rights.filter(keep));
const RIGHTS = {
  tty: kindRights('tty'),
  fileRead: kindRights('file', (r) => r !== 'WRITE'),
  fileReadWrite: kindRights('file'),
  dir: kindRights('directory'),
  pipeRead: kindRights('pipe', (r) => r !== 'WRITE'),
  pipeWrite: kindRights('pipe', (r) => r !== 'READ'),
};
const CONSOLE: readonly ProcHandle[] = [0, 1, 2].map((fd) => ({ fd, kind: 'tty', rights: RIGHTS.tty, cloexec: false }));

/** Expected bytes must be sentences of their grammar (PROCFS.GRAMMAR), or the case is wrong. */
function checked(file: (typeof PROC_PID_FILES)[number], bytes: Uint8Array): Uint8Array {
  if (!procAccepts(file, bytes)) throw new Error(`procfs: expected ${file} bytes do not parse`);
  return bytes;
}

/** The whole status file by its shape: the known head exactly, then each remaining key with a decimal value. */
function statusTokens(head: Uint8Array): Token[] {
  const rest = PROC_STATUS_KEYS.slice(PROC_STATUS_KEYS.indexOf('name') + 1);
  return [{ lit: String.fromCharCode(...head) }, ...rest.flatMap((k): Token[] => [{ lit: `${k}=` }, 'dec', { lit: '\n' }])];
}

interface StatusWho {
  readonly pid: number;
  readonly ppid: number;
  readonly state: ProcStateName;
  readonly principal: number;
  readonly argv: readonly string[];
}

/** Reads `path` (a status file) and checks it: the head exactly, the whole by its shape. */
function checkStatus(p: Prog, path: string, who: StatusWho, buf: number): void {
  const head = procStatusHead({ ...who, name: procStatusName(who.argv) });
  p.slurp(path, buf, BUF);
  p.expectOk(`read ${path}`, ['PROCFS.SNAPSHOT'], p.n);
  p.expectMem(`${path} begins with pid=${who.pid}, ppid=${who.ppid}, state=${who.state}, principal=${who.principal} and the name`, ['PROCFS.STATUS', 'PROCFS.STATUS.VALUES', 'PROCFS.STATUS.NAME'], buf, head);
  p.expectTokens(`${path} is key=value lines in the fixed order, each value decimal, each line ending with a newline`, ['PROCFS.STATUS', 'PROCFS.GRAMMAR'], buf, p.n, statusTokens(head));
}

/** A call whose first operand is one end of the pipe pair at `fds` (loaded from memory). */
function callWith(p: Prog, name: string, fds: number, which: 0 | 1, ...rest: number[]): void {
  p.callEnd(name, fds + 4 * which, ...rest);
}

// ---- cmdline -------------------------------------------------------------------------------

const ARGVS: readonly { readonly name: string; readonly argv: readonly string[] }[] = [
  { name: 'default', argv: ['init'] },
  { name: 'several', argv: ['/bin/init', 'a b', '', 'tail'] },
  { name: 'utf8', argv: ['init', 'h\u00e9llo', '\u2603'] },
  { name: 'long', argv: ['init', 'x'.repeat(300), 'y'.repeat(40)] },
];

function cmdlineCases(): CaseDef[] {
  const own = ARGVS.flatMap(({ name, argv }) => ['self', '1'].map((dir) => procCase({
    id: `cmdline/${dir}/${name}`,
    description: `/proc/${dir}/cmdline of init booted with argv ${JSON.stringify(argv)} is the strings, each followed by one NUL`,
    boot: { argv },
    build: ({ p }) => {
      const buf = p.space(BUF);
      p.slurp(`/proc/${dir}/cmdline`, buf, BUF);
      p.expectBytes(`/proc/${dir}/cmdline`, ['PROCFS.CMDLINE', 'PROCFS.GRAMMAR', 'PROCFS.DIRS'], buf, checked('cmdline', procCmdline(argv)));
    },
  })));
  const execed = [['child', '-v', ''], ['/bin/child'], []].map((argv, i) => procCase({
    id: `cmdline/zombie-exec/${['args', 'one', 'empty'][i]}`,
    description: `a child that exec'd with argv ${JSON.stringify(argv)} and exited: its zombie's cmdline is that argv (empty argv: no bytes)`,
    build: ({ p, child, file }) => {
      const c = child();
      c.exit(0);
      file({ path: '/bin/child', data: c.elf() });
      const buf = p.space(BUF);
      const path = p.str('/bin/child');
      const vec = p.words([...argv.map((a) => p.str(a)), 0]);
      const fds = p.pipe();
      p.fork(2, () => {
        p.sys('execve', path, vec, p.words([0]));
        p.exit(0x7f);
      });
      p.awaitEnded(fds);
      p.slurp('/proc/2/cmdline', buf, BUF);
      p.expectBytes('/proc/2/cmdline of the zombie', ['PROCFS.CMDLINE', 'PROCFS.GRAMMAR', 'PROCFS.DIRS'], buf, checked('cmdline', procCmdline(argv)));
    },
  }));
  return [...own, ...execed];
}

// ---- status --------------------------------------------------------------------------------

function statusCases(): CaseDef[] {
  const selves: readonly { name: string; id: Identity; argv: readonly string[] }[] = [
    { name: 'root', id: ROOT, argv: ['init'] },
    { name: 'user', id: USER, argv: ['/bin/tool', 'x'] },
    { name: 'long-name', id: ROOT, argv: ['/x/abcdefghijklmnopqrstuvwxyz'] },
    { name: 'newline-name', id: ROOT, argv: ['two\nlines'] },
    { name: 'dir-name', id: ROOT, argv: ['/bin/'] },
  ];
  const own = selves.flatMap(({ name, id, argv }) => ['self', '1'].map((dir) => procCase({
    id: `status/${dir}/${name}`,
    description: `/proc/${dir}/status of init (principal ${id.principal}, argv[0] ${JSON.stringify(argv[0])}): pid 1, ppid 0, running, then decimal counters`,
    boot: { ...bootAs(id), argv },
    build: ({ p }) => checkStatus(p, `/proc/${dir}/status`, { pid: 1, ppid: 0, state: 'running', principal: id.principal, argv }, p.space(BUF)),
  })));
  const zombie = procCase({
    id: 'status/zombie',
    description: 'a forked child that exited and is not reaped: /proc/2/status says state=zombie, ppid 1',
    build: ({ p }) => {
      const buf = p.space(BUF);
      const fds = p.pipe();
      p.fork(2, () => p.exit(5));
      p.awaitEnded(fds);
      checkStatus(p, '/proc/2/status', { pid: 2, ppid: 1, state: 'zombie', principal: 1, argv: ['init'] }, buf);
    },
  });
  const blocked = procCase({
    id: 'status/blocked',
    description: 'a forked child blocked reading an empty pipe: /proc/2/status says state=blocked',
    build: ({ p }) => {
      const buf = p.space(BUF);
      const gate = p.pipe();
      const ready = p.pipe();
      p.fork(2, () => {
        callWith(p, 'write', ready, 1, buf, 1);
        callWith(p, 'read', gate, 0, buf, 1);
        p.exit(0);
      });
      callWith(p, 'read', ready, 0, buf, 1);
      p.expectEq('the child said it is about to block', ['FD.PIPE.PARTIAL'], 1);
      checkStatus(p, '/proc/2/status', { pid: 2, ppid: 1, state: 'blocked', principal: 1, argv: ['init'] }, buf);
      callWith(p, 'write', gate, 1, buf, 1);
    },
  });
  const execed = procCase({
    id: 'status/zombie-exec',
    description: 'a child that exec\'d /bin/child as user-visible name "worker" and exited: its status names it worker',
    build: ({ p, child, file }) => {
      const c = child();
      c.exit(0);
      file({ path: '/bin/child', data: c.elf() });
      const buf = p.space(BUF);
      const path = p.str('/bin/child');
      const vec = p.words([p.str('/usr/bin/worker'), 0]);
      const fds = p.pipe();
      p.fork(2, () => {
        p.sys('execve', path, vec, p.words([0]));
        p.exit(0x7f);
      });
      p.awaitEnded(fds);
      checkStatus(p, '/proc/2/status', { pid: 2, ppid: 1, state: 'zombie', principal: 1, argv: ['/usr/bin/worker'] }, buf);
    },
  });
  return [...own, zombie, blocked, execed];
}

// ---- handles -------------------------------------------------------------------------------

interface HandleScenario {
  readonly name: string;
  readonly what: string;
  readonly setup: (p: Prog) => void;
  readonly handles: readonly ProcHandle[];
}

const h = (fd: number, kind: HandleKind, rights: number, cloexec = false): ProcHandle => ({ fd, kind, rights, cloexec });

const HANDLE_SCENARIOS: readonly HandleScenario[] = [
  { name: 'console', what: 'only the console on 0, 1, 2', setup: () => {}, handles: CONSOLE },
  { name: 'pipe', what: 'a pipe: read end 3, write end 4', setup: (p) => void p.pipe(), handles: [...CONSOLE, h(3, 'pipe', RIGHTS.pipeRead), h(4, 'pipe', RIGHTS.pipeWrite)] },
  { name: 'file-ro', what: '/etc/motd opened O_RDONLY', setup: (p) => void p.sys('open', p.str('/etc/motd'), O.RDONLY, 0), handles: [...CONSOLE, h(3, 'file', RIGHTS.fileRead)] },
  {
    name: 'file-rw', what: 'a /tmp file opened O_RDWR|O_CREAT', setup: (p) => void p.sys('open', p.str('/tmp/f'), O.RDWR | O.CREAT, 0o644),
    handles: [...CONSOLE, h(3, 'file', RIGHTS.fileReadWrite)],
  },
  { name: 'dir-cloexec', what: '/etc opened O_CLOEXEC', setup: (p) => void p.sys('open', p.str('/etc'), O.RDONLY | O.CLOEXEC, 0), handles: [...CONSOLE, h(3, 'directory', RIGHTS.dir, true)] },
  { name: 'dup', what: 'dup(1) on 3', setup: (p) => void p.sys('dup', 1), handles: [...CONSOLE, h(3, 'tty', RIGHTS.tty)] },
  {
    name: 'gap', what: 'a pipe whose read end 3 is closed again (the /proc handle then takes 3 but is not listed)',
    setup: (p) => {
      p.pipe();
      p.sys('close', 3);
    },
    handles: [...CONSOLE, h(4, 'pipe', RIGHTS.pipeWrite)],
  },
  {
    name: 'closed-console', what: 'fd 0 closed and /etc/motd then on 0 (lowest free)',
    setup: (p) => {
      p.sys('close', 0);
      p.sys('open', p.str('/etc/motd'), O.RDONLY | O.CLOEXEC, 0);
    },
    handles: [h(0, 'file', RIGHTS.fileRead, true), ...CONSOLE.slice(1)],
  },
];

function handlesCases(): CaseDef[] {
  const own = HANDLE_SCENARIOS.map((s) => procCase({
    id: `handles/self/${s.name}`,
    description: `/proc/self/handles after ${s.what}: one line per handle (number, kind, rights, cloexec), not the handle reading it`,
    build: ({ p }) => {
      const buf = p.space(BUF);
      s.setup(p);
      p.slurp('/proc/self/handles', buf, BUF);
      p.expectBytes('/proc/self/handles', ['PROCFS.HANDLES', 'PROCFS.GRAMMAR', 'PROCFS.SNAPSHOT', 'FD.RIGHTS.DEFAULT'], buf, checked('handles', procHandles(s.handles)));
    },
  }));
  const inherited = procCase({
    id: 'handles/child-blocked',
    description: 'a forked child blocked on a pipe holds copies of every handle of its parent: /proc/2/handles lists them',
    build: ({ p }) => {
      const buf = p.space(BUF);
      const gate = p.pipe();
      const ready = p.pipe();
      p.fork(2, () => {
        callWith(p, 'write', ready, 1, buf, 1);
        callWith(p, 'read', gate, 0, buf, 1);
        p.exit(0);
      });
      callWith(p, 'read', ready, 0, buf, 1);
      p.expectEq('the child said it is about to block', ['FD.PIPE.PARTIAL'], 1);
      const expected = [...CONSOLE, h(3, 'pipe', RIGHTS.pipeRead), h(4, 'pipe', RIGHTS.pipeWrite), h(5, 'pipe', RIGHTS.pipeRead), h(6, 'pipe', RIGHTS.pipeWrite)];
      p.slurp('/proc/2/handles', buf, BUF);
      p.expectBytes('/proc/2/handles', ['PROCFS.HANDLES', 'PROCFS.GRAMMAR', 'FD.INHERIT.FORK'], buf, checked('handles', procHandles(expected)));
      callWith(p, 'write', gate, 1, buf, 1);
    },
  });
  const zombie = procCase({
    id: 'handles/zombie',
    description: 'a zombie has closed every handle: /proc/2/handles is empty',
    build: ({ p }) => {
      const buf = p.space(BUF);
      const fds = p.pipe();
      p.fork(2, () => p.exit(0));
      p.awaitEnded(fds);
      p.slurp('/proc/2/handles', buf, BUF);
      p.expectBytes('/proc/2/handles of a zombie', ['PROCFS.HANDLES', 'PROCFS.DIRS'], buf, new Uint8Array(0));
    },
  });
  return [...own, inherited, zombie];
}

// ---- directories ---------------------------------------------------------------------------

/** getdents(path) and compare every record but its d_ino. */
function checkListing(p: Prog, path: string, entries: readonly { name: string; type: number }[], clauses: readonly string[]): void {
  const buf = p.space(BUF);
  p.openRead(path);
  p.sys('getdents', p.fd, buf, BUF).save(p.n);
  const total = entries.reduce((n, e) => n + direntLength(e.name), 0);
  p.expectEq(`getdents ${path} returns ${entries.length} records (${total} bytes)`, [...clauses, 'FS.GETDENTS.RECORDS'], total, p.n);
  let at = 0;
  entries.forEach((e, i) => {
    p.expectMem(`record ${i + 1} of ${path} is ${JSON.stringify(e.name)} (d_off, d_reclen, d_type, d_name)`, clauses, buf + at + 8, direntTail(e.name, e.type, i + 1));
    at += direntLength(e.name);
  });
  p.sys('getdents', p.fd, buf, BUF);
  p.expectEq(`getdents ${path} then returns 0`, ['FS.GETDENTS.END'], 0);
  p.sys('close', p.fd);
}

const dir = (name: string): { name: string; type: number } => ({ name, type: DT.DIR });
const FILES = PROC_PID_FILES.map((name) => ({ name, type: DT.REG }));
const LISTING = ['PROCFS.DIRS', 'PROCFS.LAYOUT', 'PROCFS.META', 'PROCFS.GRAMMAR'];

function dirCases(): CaseDef[] {
  return [
    procCase({
      id: 'dirs/root/init-only', description: 'getdents of /proc with init alone: self, 1',
      build: ({ p }) => checkListing(p, '/proc', [dir(PROC_SELF), dir('1')], LISTING),
    }),
    procCase({
      id: 'dirs/root/zombie', description: 'a zombie child keeps its directory: getdents of /proc lists self, 1, 2',
      build: ({ p }) => {
        const fds = p.pipe();
        p.fork(2, () => p.exit(0));
        p.awaitEnded(fds);
        checkListing(p, '/proc', [dir(PROC_SELF), dir('1'), dir('2')], LISTING);
      },
    }),
    procCase({
      id: 'dirs/root/reaped', description: 'once reaped, the child\'s directory is gone: self, 1; /proc/2 fails ENOENT',
      build: ({ p }) => {
        p.fork(2, () => p.exit(0));
        p.sys('waitpid', 2, p.space(8, 8), 0);
        p.expectEq('waitpid reaps the child', ['PROC.WAIT.REAP'], 2);
        checkListing(p, '/proc', [dir(PROC_SELF), dir('1')], LISTING);
        p.sys('open', p.str('/proc/2'), O.RDONLY, 0);
        p.expectErrno('open /proc/2 fails ENOENT', ['PROCFS.LAYOUT'], 'ENOENT');
      },
    }),
    procCase({
      id: 'dirs/root/thread', description: 'a thread takes a number from the pid space but has no directory: self, 1; /proc/<tid> fails ENOENT',
      build: ({ p }) => {
        p.spinningThread();
        p.expectEq('thread_create returns tid 2', ['THR.CREATE.ID'], 2);
        checkListing(p, '/proc', [dir(PROC_SELF), dir('1')], LISTING);
        p.sys('open', p.str('/proc/2/status'), O.RDONLY, 0);
        p.expectErrno('open /proc/2/status fails ENOENT', ['PROCFS.DIRS', 'PROCFS.LAYOUT'], 'ENOENT');
      },
    }),
    ...['1', PROC_SELF].map((d) => procCase({
      id: `dirs/pid/${d}`, description: `getdents of /proc/${d}: cmdline, status, handles`,
      build: ({ p }) => checkListing(p, `/proc/${d}`, FILES, LISTING),
    })),
    procCase({
      id: 'dirs/noent', description: 'names that are not there fail ENOENT: a free pid, a leading zero, 0, an unknown file, "selff"',
      build: ({ p }) => {
        for (const path of ['/proc/2', '/proc/01', '/proc/0', '/proc/1/environ', '/proc/selff', '/proc/self/status2']) {
          p.sys('open', p.str(path), O.RDONLY, 0);
          p.expectErrno(`open ${path} fails ENOENT`, ['PROCFS.LAYOUT'], 'ENOENT');
        }
        p.sys('open', p.str('/proc/1/status/x'), O.RDONLY, 0);
        p.expectErrno('open /proc/1/status/x fails ENOTDIR', ['FS.PATH.NOTDIR'], 'ENOTDIR');
      },
    }),
    procCase({
      id: 'dirs/walk', description: '/proc/self is a directory: chdir into it, relative names, "." and ".." work',
      build: ({ p }) => {
        const buf = p.space(BUF);
        p.sys('chdir', p.str('/proc/self'));
        p.expectEq('chdir /proc/self', ['FS.CHDIR.SET'], 0);
        p.slurp('cmdline', buf, BUF);
        p.expectBytes('cmdline relative to /proc/self', ['PROCFS.CMDLINE', 'PROCFS.LAYOUT'], buf, procCmdline(['init']));
        p.slurp('../1/./cmdline', buf, BUF);
        p.expectBytes('../1/./cmdline', ['PROCFS.CMDLINE', 'PROCFS.DIRS'], buf, procCmdline(['init']));
      },
    }),
    procCase({
      id: 'dirs/meta', description: 'stat of /proc/1 is S_IFDIR|0555, of its files S_IFREG|0444, owned by the process\'s principal',
      boot: bootAs(USER),
      build: ({ p }) => {
        const st = p.space(32, 8);
        for (const [path, mode] of [['/proc/1', S.IFDIR | 0o555], ['/proc/self', S.IFDIR | 0o555], ['/proc/1/status', S.IFREG | 0o444], ['/proc/self/handles', S.IFREG | 0o444]] as const) {
          p.sys('stat', p.str(path), st);
          p.expectEq(`stat ${path}`, ['FS.STAT.RECORD'], 0);
          p.a.movImm(9, st).inst('LDR_W_uoff', { Rt: 3, Rn: 9, imm12: 0 });
          p.expectEq(`${path}: st_mode 0${mode.toString(8)}`, ['PROCFS.META'], mode, 3);
          p.a.movImm(9, st).inst('LDR_W_uoff', { Rt: 3, Rn: 9, imm12: 1 });
          p.expectEq(`${path}: st_uid ${USER.principal}`, ['PROCFS.META'], USER.principal, 3);
        }
      },
    }),
  ];
}

// ---- sizes and snapshots -------------------------------------------------------------------

function sizeCases(): CaseDef[] {
  return PROC_PID_FILES.map((file) => procCase({
    id: `stat-size/${file}`,
    description: `stat and fstat of /proc/self/${file} report as st_size the length a full read returns`,
    boot: { argv: ['init', 'some', 'args'] },
    build: ({ p }) => {
      const buf = p.space(BUF);
      const st = p.space(32, 8);
      const size = p.variable();
      const path = `/proc/self/${file}`;
      p.sys('stat', p.str(path), st);
      p.load(size.n, st + 8);
      p.openRead(path);
      p.sys('read', p.fd, buf, BUF).save(p.n);
      p.expectSame(`stat ${path}: st_size = bytes read`, ['PROCFS.STAT.SIZE', 'FS.STAT.RECORD'], size, p.n);
      p.sys('fstat', p.fd, st);
      p.load(size.n, st + 8);
      p.expectSame(`fstat of the handle: st_size = bytes read`, ['PROCFS.STAT.SIZE'], size, p.n);
      p.sys('read', p.fd, buf, BUF);
      p.expectEq('a second read is at end of file', ['FD.READ.EOF', 'PROCFS.SNAPSHOT'], 0);
    },
  }));
}

function snapshotCases(): CaseDef[] {
  const atOpen = checked('handles', procHandles(CONSOLE));
  const later = procHandles([...CONSOLE, h(3, 'file', RIGHTS.fileRead), h(4, 'file', RIGHTS.fileRead), h(5, 'file', RIGHTS.fileRead)]);
  /** Opens /proc/self/handles on 3, then /etc/motd on 4 and 5. */
  const prepare = (p: Prog): void => {
    p.openRead('/proc/self/handles');
    p.sys('open', p.str('/etc/motd'), O.RDONLY, 0);
    p.sys('open', p.str('/etc/motd'), O.RDONLY, 0);
  };
  return [
    procCase({
      id: 'snapshot/at-open', description: 'handles opened after /proc/self/handles do not show in it: the content is fixed at open',
      build: ({ p }) => {
        const buf = p.space(BUF);
        prepare(p);
        p.sys('read', p.fd, buf, BUF).save(p.n);
        p.expectBytes('read after two more opens', ['PROCFS.SNAPSHOT', 'PROCFS.HANDLES'], buf, atOpen);
      },
    }),
    procCase({
      id: 'snapshot/pieces', description: 'reading the snapshot in pieces of 7 bytes gives the same bytes',
      build: ({ p }) => {
        const buf = p.space(BUF);
        prepare(p);
        const total = p.variable();
        p.a.movImm(total.n, 0);
        const loop = p.a.here();
        const done = p.a.label();
        p.a.movImm(9, buf).inst('ADD_sreg', { sf: 1, shift: 0, Rm: total.n, imm6: 0, Rn: 9, Rd: 1 });
        p.sys('read', p.fd, new Reg(1), 7);
        p.a.cbz(0, done);
        p.a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: total.n, Rd: total.n });
        p.a.b(loop);
        p.a.bind(done);
        p.mov(p.n.n, total.n);
        p.expectBytes('the pieces joined', ['PROCFS.SNAPSHOT', 'FD.READ.OFFSET'], buf, atOpen);
      },
    }),
    procCase({
      id: 'snapshot/lseek', description: 'after lseek to 0 the same handle reads the same snapshot; a new open sees the new handles',
      build: ({ p }) => {
        const buf = p.space(BUF);
        prepare(p);
        p.sys('read', p.fd, buf, BUF);
        p.sys('lseek', p.fd, 0, SEEK_SET);
        p.expectEq('lseek to 0', ['FS.LSEEK.WHENCE'], 0);
        p.sys('read', p.fd, buf, BUF).save(p.n);
        p.expectBytes('the re-read', ['PROCFS.SNAPSHOT'], buf, atOpen);
        const other = p.space(BUF);
        p.slurp('/proc/self/handles', other, BUF);
        p.expectBytes('a new open of /proc/self/handles', ['PROCFS.SNAPSHOT', 'PROCFS.HANDLES'], other, checked('handles', later));
      },
    }),
    procCase({
      id: 'snapshot/status-of-ended', description: 'a status opened while the child was blocked still says blocked after it has become a zombie',
      build: ({ p }) => {
        const buf = p.space(BUF);
        const gate = p.pipe();
        const ready = p.pipe();
        p.fork(2, () => {
          callWith(p, 'write', ready, 1, buf, 1);
          callWith(p, 'read', gate, 0, buf, 1);
          p.exit(0);
        });
        callWith(p, 'read', ready, 0, buf, 1);
        p.openRead('/proc/2/status');
        callWith(p, 'write', gate, 1, buf, 1);
        p.awaitEnded(ready);
        p.sys('read', p.fd, buf, BUF).save(p.n);
        const head = procStatusHead({ pid: 2, ppid: 1, state: 'blocked', principal: 1, name: procStatusName(['init']) });
        p.expectMem('the status read after the child ended still says state=blocked', ['PROCFS.SNAPSHOT', 'PROCFS.STATUS'], buf, head);
      },
    }),
  ];
}

// ---- read-only mount and capabilities ------------------------------------------------------

interface Refusal {
  readonly name: string;
  readonly what: string;
  readonly call: (p: Prog) => void;
}

const REFUSALS: readonly Refusal[] = [
  { name: 'open-wronly', what: 'open /proc/self/status O_WRONLY', call: (p) => void p.sys('open', p.str('/proc/self/status'), O.WRONLY, 0) },
  { name: 'open-rdwr', what: 'open /proc/1/handles O_RDWR', call: (p) => void p.sys('open', p.str('/proc/1/handles'), O.RDWR, 0) },
  { name: 'open-trunc', what: 'open /proc/1/cmdline O_RDONLY|O_TRUNC', call: (p) => void p.sys('open', p.str('/proc/1/cmdline'), O.RDONLY | O.TRUNC, 0) },
  { name: 'open-creat', what: 'open /proc/new O_CREAT|O_WRONLY', call: (p) => void p.sys('open', p.str('/proc/new'), O.CREAT | O.WRONLY, 0o644) },
  { name: 'open-creat-pid', what: 'open /proc/1/new O_CREAT|O_RDWR', call: (p) => void p.sys('open', p.str('/proc/1/new'), O.CREAT | O.RDWR, 0o644) },
  { name: 'mkdir', what: 'mkdir /proc/d', call: (p) => void p.sys('mkdir', p.str('/proc/d'), 0o755) },
  { name: 'mkdir-pid', what: 'mkdir /proc/self/d', call: (p) => void p.sys('mkdir', p.str('/proc/self/d'), 0o755) },
  { name: 'unlink', what: 'unlink /proc/1/status', call: (p) => void p.sys('unlink', p.str('/proc/1/status')) },
  { name: 'rmdir', what: 'rmdir /proc/1', call: (p) => void p.sys('rmdir', p.str('/proc/1')) },
  { name: 'rename', what: 'rename /proc/1/status to /proc/1/s', call: (p) => void p.sys('rename', p.str('/proc/1/status'), p.str('/proc/1/s')) },
  { name: 'rename-into', what: 'rename /tmp/f to /proc/f', call: (p) => {
    p.sys('open', p.str('/tmp/f'), O.CREAT | O.WRONLY, 0o644);
    p.sys('rename', p.str('/tmp/f'), p.str('/proc/f'));
  } },
  { name: 'chmod', what: 'chmod /proc/1/status 0666', call: (p) => void p.sys('chmod', p.str('/proc/1/status'), 0o666) },
  { name: 'chown', what: 'chown /proc/self 2', call: (p) => void p.sys('chown', p.str('/proc/self'), 2) },
];

function readOnlyCases(): CaseDef[] {
  const refusals = REFUSALS.map((r) => procCase({
    id: `readonly/${r.name}`,
    description: `${r.what} fails EROFS: /proc is read-only`,
    build: ({ p }) => {
      r.call(p);
      p.expectErrno(`${r.what} fails EROFS`, ['PROCFS.MOUNT'], 'EROFS');
    },
  }));
  const caps = [
    procCase({
      id: 'caps/no-fsread',
      description: 'without capFsRead, opening a /proc file or directory fails EACCES like any read; stat needs no capability',
      boot: { identity: { principal: 2, session: 2, caps: CAP.spawn | CAP.tmpWrite } },
      build: ({ p }) => {
        for (const path of ['/proc/self/status', '/proc']) {
          p.sys('open', p.str(path), O.RDONLY, 0);
          p.expectErrno(`open ${path} fails EACCES`, ['PROCFS.MOUNT', 'FS.OPEN.CAP.READ'], 'EACCES');
        }
        const st = p.space(32, 8);
        p.sys('stat', p.str('/proc/self/status'), st);
        p.expectEq('stat /proc/self/status succeeds', ['FS.STAT.NOCAP'], 0);
      },
    }),
    procCase({
      id: 'caps/fsread-only',
      description: 'with capFsRead alone, /proc reads; a write open or a mutation fails EACCES before EROFS (capabilities first)',
      boot: { identity: { principal: 2, session: 2, caps: CAP.fsRead } },
      build: ({ p }) => {
        const buf = p.space(BUF);
        p.slurp('/proc/self/cmdline', buf, BUF);
        p.expectBytes('/proc/self/cmdline', ['PROCFS.MOUNT', 'PROCFS.CMDLINE'], buf, procCmdline(['init']));
        p.sys('open', p.str('/proc/self/status'), O.WRONLY, 0);
        p.expectErrno('open O_WRONLY fails EACCES', ['FS.OPEN.CAP.WRITE', 'PROCFS.MOUNT'], 'EACCES');
        p.sys('mkdir', p.str('/proc/d'), 0o755);
        p.expectErrno('mkdir /proc/d fails EACCES', ['FS.MUTATE.CAP', 'PROCFS.MOUNT'], 'EACCES');
      },
    }),
    procCase({
      id: 'caps/rmdir-mount-point',
      description: 'rmdir /proc fails EBUSY: it is a mount point',
      build: ({ p }) => {
        p.sys('rmdir', p.str('/proc'));
        p.expectErrno('rmdir /proc fails EBUSY', ['FS.RMDIR.ROOT', 'PROCFS.MOUNT'], 'EBUSY');
      },
    }),
  ];
  return [...refusals, ...caps];
}

export function procfsCases(): CaseDef[] {
  return [...cmdlineCases(), ...statusCases(), ...handlesCases(), ...dirCases(), ...sizeCases(), ...snapshotCases(), ...readOnlyCases()];
}

