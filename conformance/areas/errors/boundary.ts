// The other side of each bound: values just inside a limit are accepted. Strings of exactly the
// maximum length, argv vectors at ARGV_MAX strings and ARG_BYTES_MAX bytes, zero-length buffers
// that are never dereferenced (ABI.NULL.EMPTY), flag bits a group ignores, and the last valid
// length, int, signal and enum values.

import { constValue, LIMITS } from '../../../spec/index.js';
import type { Recipe } from './cells.js';
import { DIR_ENTRY, FILE_TEXT, READABLE_FILE, TRUE_PROGRAM } from './files.js';
import { maker } from './handles.js';
import { endpoint } from './ipc-kit.js';
import { UNMAPPED, type Ctx } from './kit.js';
import { ALL_CAPS } from './matrix.js';
import { O_RDONLY, pipe, touch } from './state-kit.js';

const limit = (name: string): number => LIMITS.members.find((m) => m.name === name)!.value;
const PATH_MAX = limit('PATH_MAX') - 1;
const NAME_MAX = limit('SERVICE_NAME_MAX');
const ARGV_MAX = limit('ARGV_MAX');
const ARG_BYTES = limit('ARG_BYTES_MAX');
const FILE_SIZE = new TextEncoder().encode(FILE_TEXT).length;

interface Edge {
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly boot?: Parameters<Ctx['setBoot']>[0];
  readonly build: (ctx: Ctx) => void;
}

function strings(): Edge[] {
  const slashes = '/'.repeat(PATH_MAX);
  return [
    {
      id: 'string/stat/path-max', description: `stat of a ${PATH_MAX}-byte path (all slashes: "/") succeeds`, clauses: ['ABI.STRING.TOOLONG', 'FS.PATH.RESOLVE'],
      build: (ctx) => {
        ctx.sys('stat', ctx.str(slashes), ctx.space(32, 8));
        ctx.expectEq(`stat of ${PATH_MAX} bytes returns 0`, ['ABI.STRING.TOOLONG', 'FS.PATH.RESOLVE'], 0);
      },
    },
    {
      id: 'string/chdir/path-max', description: `chdir to a ${PATH_MAX}-byte path succeeds`, clauses: ['ABI.STRING.TOOLONG', 'FS.CHDIR.SET'],
      build: (ctx) => {
        ctx.sys('chdir', ctx.str(slashes));
        ctx.expectEq(`chdir to ${PATH_MAX} bytes returns 0`, ['ABI.STRING.TOOLONG', 'FS.CHDIR.SET'], 0);
      },
    },
    {
      id: 'string/open/path-max', description: `open of a ${PATH_MAX}-byte path succeeds`, clauses: ['ABI.STRING.TOOLONG', 'FS.OPEN.LOWEST'],
      build: (ctx) => {
        ctx.sys('open', ctx.str(slashes), O_RDONLY, 0);
        ctx.expectEq(`open of ${PATH_MAX} bytes returns handle 3`, ['ABI.STRING.TOOLONG', 'FS.OPEN.LOWEST'], 3);
      },
    },
    {
      id: 'string/name_lookup/name-max', description: `name_lookup of a ${NAME_MAX}-byte name is not too long (ENOENT: nobody registered it)`, clauses: ['ABI.STRING.TOOLONG', 'IPC.NAME.UNKNOWN'],
      build: (ctx) => {
        ctx.sys('name_lookup', ctx.str('a'.repeat(NAME_MAX)));
        ctx.expectErrno(`name_lookup of ${NAME_MAX} bytes returns -ENOENT`, ['ABI.STRING.TOOLONG', 'IPC.NAME.UNKNOWN'], 'ENOENT');
      },
    },
    {
      id: 'string/name_register/name-max', description: `name_register of a ${NAME_MAX}-byte name succeeds and name_lookup finds it`, clauses: ['ABI.STRING.TOOLONG', 'IPC.NAME.REGISTER', 'IPC.NAME.LOOKUP'],
      build: (ctx) => {
        const ep = endpoint(ctx);
        const name = ctx.str('b'.repeat(NAME_MAX));
        ctx.sys('name_register', name, ep.recv);
        ctx.expectEq('name_register returns 0', ['ABI.STRING.TOOLONG', 'IPC.NAME.REGISTER'], 0);
        ctx.sys('name_lookup', name);
        ctx.expectCmp('name_lookup returns a handle', ['IPC.NAME.LOOKUP'], 'ge', 0);
      },
    },
    {
      id: 'string/name_lookup/name-min', description: 'name_lookup of a 1-byte name is not empty (ENOENT: nobody registered it)', clauses: ['ABI.STRING.EMPTY', 'IPC.NAME.UNKNOWN'],
      build: (ctx) => {
        ctx.sys('name_lookup', ctx.str('x'));
        ctx.expectErrno('name_lookup of 1 byte returns -ENOENT', ['ABI.STRING.EMPTY', 'IPC.NAME.UNKNOWN'], 'ENOENT');
      },
    },
  ];
}

function vectors(): Edge[] {
  const spawn = (ctx: Ctx, argv: number): void => {
    ctx.sys('spawn', ctx.str(ctx.file(TRUE_PROGRAM)), argv);
  };
  return [
    {
      id: 'argv/spawn/argv-max', description: `spawn with ${ARGV_MAX} argv strings succeeds`, clauses: ['ABI.ARGV.TOOBIG', 'PROC.SPAWN.STATUS'],
      build: (ctx) => {
        const s = ctx.str('a');
        spawn(ctx, ctx.words([...Array.from({ length: ARGV_MAX }, () => s), 0]));
        ctx.expectEq(`spawn with ${ARGV_MAX} strings returns the child status 0`, ['ABI.ARGV.TOOBIG', 'PROC.SPAWN.STATUS'], 0);
      },
    },
    {
      id: 'argv/spawn/bytes-max', description: `spawn with argv strings of exactly ${ARG_BYTES} bytes (NULs included) succeeds`, clauses: ['ABI.ARGV.TOOBIG', 'PROC.SPAWN.STATUS'],
      build: (ctx) => {
        const half = ARG_BYTES / 2 - 1;
        const s = ctx.str('c'.repeat(half));
        spawn(ctx, ctx.words([s, s, 0]));
        ctx.expectEq(`spawn with ${ARG_BYTES} bytes returns the child status 0`, ['ABI.ARGV.TOOBIG', 'PROC.SPAWN.STATUS'], 0);
      },
    },
    {
      id: 'argv/spawn/empty-vector', description: 'spawn with an argv vector holding only its NULL succeeds', clauses: ['ABI.ARGV.TOOBIG', 'PROC.SPAWN.STATUS'],
      build: (ctx) => {
        spawn(ctx, ctx.words([0]));
        ctx.expectEq('spawn returns the child status 0', ['PROC.SPAWN.STATUS'], 0);
      },
    },
  ];
}

/** Zero-length buffers: NULL and unmapped pointers are both fine (ABI.NULL.EMPTY). */
function empty(): Edge[] {
  const out: Edge[] = [];
  for (const [variant, addr] of [['null', 0], ['unmapped', UNMAPPED]] as const) {
    out.push(
      {
        id: `empty/read/${variant}`, description: `read(file, ${variant}, 0) returns 0`, clauses: ['ABI.NULL.EMPTY', 'FD.READ.ZERO'],
        build: (ctx) => {
          ctx.sys('read', maker('file').make(ctx), addr, 0);
          ctx.expectEq('read returns 0', ['ABI.NULL.EMPTY', 'FD.READ.ZERO'], 0);
        },
      },
      {
        id: `empty/write/${variant}`, description: `write(pipe, ${variant}, 0) returns 0`, clauses: ['ABI.NULL.EMPTY', 'FD.WRITE.ZERO'],
        build: (ctx) => {
          ctx.sys('write', pipe(ctx).write, addr, 0);
          ctx.expectEq('write returns 0', ['ABI.NULL.EMPTY', 'FD.WRITE.ZERO'], 0);
        },
      },
      {
        id: `empty/random/${variant}`, description: `random(${variant}, 0) returns 0`, clauses: ['ABI.NULL.EMPTY', 'SYS.RANDOM.FILL'],
        build: (ctx) => {
          ctx.sys('random', addr, 0);
          ctx.expectEq('random returns 0', ['ABI.NULL.EMPTY', 'SYS.RANDOM.FILL'], 0);
        },
      },
      {
        id: `empty/psinfo/${variant}`, description: `psinfo(${variant}, 0) returns the process count 1`, clauses: ['ABI.NULL.EMPTY', 'SYS.PSINFO.TOTAL'],
        build: (ctx) => {
          ctx.sys('psinfo', addr, 0);
          ctx.expectEq('psinfo returns 1', ['ABI.NULL.EMPTY', 'SYS.PSINFO.TOTAL'], 1);
        },
      },
      {
        id: `empty/procstat/${variant}`, description: `procstat(${variant}, 0) returns the process count 1`, clauses: ['ABI.NULL.EMPTY', 'SYS.PSINFO.TOTAL'],
        build: (ctx) => {
          ctx.sys('procstat', addr, 0);
          ctx.expectEq('procstat returns 1', ['ABI.NULL.EMPTY', 'SYS.PSINFO.TOTAL'], 1);
        },
      },
      {
        id: `empty/poll/${variant}`, description: `poll(${variant}, 0, 0) returns 0`, clauses: ['ABI.NULL.EMPTY', 'FD.POLL.EMPTY'],
        build: (ctx) => {
          ctx.sys('poll', addr, 0, 0);
          ctx.expectEq('poll returns 0', ['ABI.NULL.EMPTY', 'FD.POLL.EMPTY'], 0);
        },
      },
      {
        id: `empty/log_read/${variant}`, description: `log_read(${variant}, 0, 0) with capLogExport returns 0`, clauses: ['ABI.NULL.EMPTY', 'SYS.LOG.READ'],
        boot: { identity: { principal: 1, session: 1, caps: ALL_CAPS } },
        build: (ctx) => {
          ctx.sys('log_read', addr, 0, 0);
          ctx.expectEq('log_read returns 0', ['ABI.NULL.EMPTY', 'SYS.LOG.READ'], 0);
        },
      },
      {
        id: `empty/spawn_handles/${variant}`, description: `spawn_handles(prog, NULL, ${variant}, 0) runs the child with no handles`, clauses: ['ABI.NULL.EMPTY', 'PROC.SPAWNH.EMPTY'],
        build: (ctx) => {
          ctx.sys('spawn_handles', ctx.str(ctx.file(TRUE_PROGRAM)), 0, addr, 0);
          ctx.expectEq('spawn_handles returns the child status 0', ['ABI.NULL.EMPTY', 'PROC.SPAWN.STATUS'], 0);
        },
      },
    );
  }
  return out;
}

/** chmod ignores mode bits above 07777 (MODE_PERM has no errno: ABI.FLAGS.UNKNOWN). */
function ignoredBits(): Edge[] {
  const out: Edge[] = [];
  for (let bit = 12; bit < 32; bit++) {
    out.push({
      id: `ignored/chmod/mode-bit${bit}`, description: `chmod with mode 0644 | bit ${bit} succeeds and stores 0644`, clauses: ['ABI.FLAGS.UNKNOWN', 'FS.CHMOD.BITS'],
      build: (ctx) => {
        touch(ctx, '/tmp/f');
        const p = ctx.str('/tmp/f');
        ctx.sys('chmod', p, 0o644n | (1n << BigInt(bit)));
        ctx.expectEq('chmod returns 0', ['ABI.FLAGS.UNKNOWN'], 0);
        const st = ctx.space(32, 8);
        ctx.sys('stat', p, st);
        ctx.p.loadInt(0, st);
        ctx.a.inst('AND_imm', { sf: 0, N: 0, immr: 0, imms: 11, Rn: 0, Rd: 0 }); // w0 &= 07777
        ctx.expectEq('the mode bits are 0644', ['FS.CHMOD.BITS'], 0o644);
      },
    });
  }
  return out;
}

/** The last accepted value of bounded lengths, ints, signals and enums. */
function lastValid(): Edge[] {
  return [
    {
      id: 'last/random/cap-max', description: 'random of RANDOM_MAX (65536) bytes returns 65536', clauses: ['ABI.LENGTH.BOUNDS', 'SYS.RANDOM.FILL'],
      build: (ctx) => {
        ctx.sys('random', ctx.space(65536), 65536);
        ctx.expectEq('random returns 65536', ['ABI.LENGTH.BOUNDS', 'SYS.RANDOM.FILL'], 65536);
      },
    },
    {
      id: 'last/poll/nfds-max', description: 'poll of 512 entries that name no handle returns 0', clauses: ['ABI.LENGTH.BOUNDS', 'FD.POLL.NEGFD'],
      build: (ctx) => {
        const recs = new Uint8Array(512 * 8);
        const v = new DataView(recs.buffer);
        for (let i = 0; i < 512; i++) v.setInt32(8 * i, -1, true);
        ctx.sys('poll', ctx.bytes(recs, 8), 512, 0);
        ctx.expectEq('poll returns 0', ['ABI.LENGTH.BOUNDS', 'FD.POLL.NEGFD'], 0);
      },
    },
    {
      id: 'last/getcwd/size-exact', description: 'getcwd with size 2 for "/" returns 1', clauses: ['FS.GETCWD.RANGE', 'FS.GETCWD.PATH'],
      build: (ctx) => {
        ctx.sys('getcwd', ctx.space(2), 2);
        ctx.expectEq('getcwd returns 1', ['FS.GETCWD.RANGE', 'FS.GETCWD.PATH'], 1);
      },
    },
    {
      id: 'last/sysinfo/capacity-64', description: 'sysinfo with capacity 64 (the legacy record) returns 0', clauses: ['SYS.SYSINFO.SMALL', 'SYS.SYSINFO.LEGACY'],
      build: (ctx) => {
        ctx.sys('sysinfo', ctx.space(64, 8), 64);
        ctx.expectEq('sysinfo returns 0', ['SYS.SYSINFO.SMALL'], 0);
      },
    },
    {
      id: 'last/log_stats/cap-min', description: 'log_stats with cap 32 returns 0', clauses: ['ABI.LENGTH.BOUNDS', 'SYS.LOG.STATS'],
      boot: { identity: { principal: 1, session: 1, caps: ALL_CAPS } },
      build: (ctx) => {
        ctx.sys('log_stats', ctx.space(32, 8), 32);
        ctx.expectEq('log_stats returns 0', ['ABI.LENGTH.BOUNDS', 'SYS.LOG.STATS'], 0);
      },
    },
    {
      id: 'last/dup2/newfd-511', description: 'dup2(0, 511) returns 511', clauses: ['ABI.INT.RANGE', 'FD.DUP2.REPLACE'],
      build: (ctx) => {
        ctx.sys('dup2', 0, 511);
        ctx.expectEq('dup2 returns 511', ['ABI.INT.RANGE', 'FD.DUP2.REPLACE'], 511);
      },
    },
    {
      id: 'last/nanosleep/ns-max', description: 'nanosleep(0, 999999999) returns 0', clauses: ['ABI.INT.RANGE', 'TIME.SLEEP.MIN'],
      build: (ctx) => {
        ctx.sys('nanosleep', 0, 999_999_999);
        ctx.expectEq('nanosleep returns 0', ['ABI.INT.RANGE', 'TIME.SLEEP.MIN'], 0);
      },
    },
    {
      id: 'last/ftruncate/length-0', description: 'ftruncate(tmpfs file, 0) returns 0', clauses: ['ABI.INT.RANGE', 'FS.TRUNCATE.SHRINK'],
      build: (ctx) => {
        ctx.sys('ftruncate', maker('file-rw').make(ctx), 0);
        ctx.expectEq('ftruncate returns 0', ['ABI.INT.RANGE'], 0);
      },
    },
    {
      id: 'last/kill/probe-self', description: 'kill(1, 0) probes init itself and returns 0', clauses: ['SIG.NUMBER.INVALID', 'SIG.KILL.PROBE'],
      build: (ctx) => {
        ctx.sys('kill', 1, 0);
        ctx.expectEq('kill returns 0', ['SIG.KILL.PROBE'], 0);
      },
    },
    {
      id: 'last/sigaction/sig-31', description: 'sigaction(31, SIG_IGN, 0) returns 0', clauses: ['SIG.NUMBER.INVALID', 'SIG.ACTION.RECORD'],
      build: (ctx) => {
        ctx.sys('sigaction', 31, constValue('SIG_HANDLERS', 'SIG_IGN'), 0);
        ctx.expectEq('sigaction returns 0', ['SIG.NUMBER.INVALID', 'SIG.ACTION.RECORD'], 0);
      },
    },
    {
      id: 'last/sigaction/sig-1', description: 'sigaction(1, SIG_DFL, 0) returns 0', clauses: ['SIG.NUMBER.INVALID', 'SIG.ACTION.RECORD'],
      build: (ctx) => {
        ctx.sys('sigaction', 1, constValue('SIG_HANDLERS', 'SIG_DFL'), 0);
        ctx.expectEq('sigaction returns 0', ['SIG.NUMBER.INVALID', 'SIG.ACTION.RECORD'], 0);
      },
    },
    {
      id: 'last/fcntl/setlkw', description: 'fcntl F_SETLKW (9) on a file returns 0', clauses: ['ABI.ENUM.UNKNOWN', 'FD.FCNTL.LOCKS'],
      build: (ctx) => {
        ctx.sys('fcntl', maker('file').make(ctx), constValue('FCNTL_CMDS', 'F_SETLKW'), 0);
        ctx.expectEq('fcntl returns 0', ['ABI.ENUM.UNKNOWN', 'FD.FCNTL.LOCKS'], 0);
      },
    },
    {
      id: 'last/lseek/seek-end', description: `lseek(file, 0, SEEK_END) returns the size ${FILE_SIZE}`, clauses: ['ABI.ENUM.UNKNOWN', 'FS.LSEEK.WHENCE'],
      build: (ctx) => {
        ctx.sys('lseek', maker('file').make(ctx), 0, constValue('SEEK_WHENCE', 'SEEK_END'));
        ctx.expectEq(`lseek returns ${FILE_SIZE}`, ['FS.LSEEK.WHENCE'], FILE_SIZE);
      },
    },
    {
      id: 'last/futex/private-wake', description: 'futex(word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1) returns 0 (no waiter)', clauses: ['ABI.ENUM.UNKNOWN', 'THR.FUTEX.PRIVATE'],
      build: (ctx) => {
        ctx.sys('futex', ctx.word(0), constValue('FUTEX_OPS', 'SWIFTOS_FUTEX_WAKE') | constValue('FUTEX_MODIFIERS', 'FUTEX_PRIVATE_FLAG'), 1);
        ctx.expectEq('futex returns 0', ['THR.FUTEX.PRIVATE', 'THR.FUTEX.WAKE'], 0);
      },
    },
    {
      id: 'last/getdents/dir', description: 'getdents on a directory handle (the accepted kind) returns records', clauses: ['FD.KIND.WRONG', 'FS.GETDENTS.RECORDS'],
      build: (ctx) => {
        ctx.file(DIR_ENTRY);
        const fd = ctx.call('open', ctx.str('/etc/errors/dir'), O_RDONLY, 0);
        ctx.sys('getdents', fd, ctx.space(256, 8), 256);
        ctx.expectCmp('getdents returns a positive count', ['FS.GETDENTS.RECORDS'], 'gt', 0);
      },
    },
    {
      id: 'last/read/file', description: `read of a base file returns its ${FILE_SIZE} bytes`, clauses: ['FD.READ.OFFSET'],
      build: (ctx) => {
        const fd = ctx.call('open', ctx.str(ctx.file(READABLE_FILE)), O_RDONLY, 0);
        ctx.sys('read', fd, ctx.space(256), 256);
        ctx.expectEq(`read returns ${FILE_SIZE}`, ['FD.READ.OFFSET'], FILE_SIZE);
      },
    },
  ];
}

export function boundaryRecipes(): Recipe[] {
  return [...strings(), ...vectors(), ...empty(), ...ignoredBits(), ...lastValid()].map((e): Recipe => ({
    id: `edge/${e.id}`,
    description: e.description,
    cells: [],
    clauses: e.clauses,
    build(ctx) {
      if (e.boot !== undefined) ctx.setBoot(e.boot);
      e.build(ctx);
    },
  }));
}
