// Capability checks (SEC.CAPS, SEC.CAP.ERRNO): every capability-gated row and the flag-gated
// open calls under 24 boot identities, plus the capability bits that are carried but not
// enforced (capSpawn, capProcessInspect) and the capConsole override of kill.

import {
  constValue, encodeLayout, layout, NET_IPV6, SYSCALLS, type CapName, type ErrnoName, type SyscallRow,
} from '../../../spec/index.js';
import type { CaseDef, CaseFile } from '../../model.js';
import { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  ascii, bootIdentities, bootWith, childCheckMem, forkChild, hasCap, makePipe, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC,
  O_WRONLY, planNow, PROBE_FILE, probeFile, REBOOT, SCRATCH, AREA, blockOnRead, expectWait, waitStatusExited,
  type BootIdentity, type Identity,
} from './lib.js';
import { infoRecord, PSEUDO_MODEL } from '../device/kit.js';

const SECURITY_INFO = layout('security_info');
const SECURITY_INFO_EX = layout('security_info_ex');
const LOG_STATS = layout('log_stats');
const POWER_RESET = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_RESET');
const NETINFO = layout('netinfo');
const netAddress = (name: string): number => constValue('NET_ADDRESSES', name);
/** The netinfo record of the default machine (NET.MACHINE, NET.NETINFO.FLAGS). */
const NETINFO_RECORD = encodeLayout(NETINFO, {
  flags: 0xf, ipv4: netAddress('NET_IPV4'), gateway4: netAddress('NET_GATEWAY4'), dns4: netAddress('NET_DNS4'), mask4: netAddress('NET_MASK4'),
  ipv6: Uint8Array.from(NET_IPV6.address), gateway6: Uint8Array.from(NET_IPV6.gateway), prefix6: netAddress('NET_PREFIX6'),
});

/** The exact boot record of the kernel log (SYS.LOG.EVENTS, SYS.LOG.FORMAT). */
export const BOOT_LOG_LINE = 'tick=0 level=I source=kernel msg="boot"\n';

export function securityInfoRecord(id: Identity): Uint8Array {
  return encodeLayout(SECURITY_INFO, { principal: id.principal, session: id.session, caps: BigInt(id.caps) });
}

export function securityInfoExRecord(eff: Identity, real: Identity = eff): Uint8Array {
  return encodeLayout(SECURITY_INFO_EX, {
    principal: eff.principal, session: eff.session, caps: BigInt(eff.caps),
    real_principal: real.principal, real_session: real.session, real_caps: BigInt(real.caps),
  });
}

/** security_info returns 0 and reads back `id` (SEC.INFO.RECORD, SEC.INFO.EFFECTIVE). */
export function expectIdentity(p: CaseProgram, id: Identity, what = 'the boot identity'): void {
  const buf = p.space(16, 8);
  p.sys('security_info', buf);
  p.expectEq('security_info returns 0', ['SEC.INFO.RECORD'], 0);
  p.expectMem(`security_info reads back ${what}: principal ${id.principal}, session ${id.session}, caps 0x${id.caps.toString(16)}`,
    ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE'], buf, securityInfoRecord(id));
}

const IDENTITY_CLAUSES = ['SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE'];

// ---- gated rows ------------------------------------------------------------------------------

interface GateProbe {
  /** Rows the probe needs besides the gated row. */
  readonly files?: () => readonly CaseFile[];
  /** What the call does once past the gate, for descriptions. */
  readonly passText: string;
  readonly passClauses: readonly string[];
  /** The call ends the run when it passes the gate (reboot). */
  readonly reboots?: boolean;
  /** Emits setup that needs no capability, then the call (result in x0); returns a buffer address for `passed`. */
  call(p: CaseProgram, id: Identity): number | void;
  /** Assertions after a call that passed the gate. */
  passed(p: CaseProgram, id: Identity, buf: number): void;
  /** Assertions after a refused call (beyond the errno): the call had no effect. */
  refused?(p: CaseProgram, id: Identity): void;
  readonly refusedClauses?: readonly string[];
}

const errnoProbe = (call: (p: CaseProgram) => void, errno: ErrnoName, clauses: readonly string[], text: string): GateProbe => ({
  files: () => [probeFile()],
  passText: text,
  passClauses: [...clauses, 'ABI.CHECK.ORDER'],
  call,
  passed(p) {
    p.expectErrno(`past the gate the call fails ${errno}: ${text}`, [...clauses, 'ABI.CHECK.ORDER'], errno);
  },
});

function statExpect(p: CaseProgram, path: string, errno: ErrnoName | null, what: string, clauses: readonly string[]): void {
  p.sys('stat', p.str(path), p.space(32, 8));
  if (errno === null) p.expectEq(`stat ${path} succeeds: ${what}`, clauses, 0);
  else p.expectErrno(`stat ${path} fails ${errno}: ${what}`, clauses, errno);
}

const PROBES: Readonly<Record<string, GateProbe>> = {
  // The update calls past the gate: the default machine has no update store or ESP (UPD.NODEV).
  ...Object.fromEntries([
    ['update_confirm'], ['update_activate'], ['update_stage'], ['update_stage_commit'], ['update_stage_abort'],
    ['kernel_stage'], ['kernel_activate'], ['kernel_confirm'], ['update_stage_begin', 6, 128], ['update_stage_write', 0, 0],
  ].map(([name, ...args]) => [name, errnoProbe((p) => p.sys(name as string, ...(args as number[])), 'ENODEV', ['UPD.NODEV', 'UPD.ORDER'], 'the machine has no update store or ESP')])),
  unlink: errnoProbe((p) => p.sys('unlink', p.str('/tmp/system-missing')), 'ENOENT', ['FS.PATH.NOENT'], 'unlink of a missing tmpfs path'),
  rename: errnoProbe((p) => p.sys('rename', p.str('/tmp/system-missing'), p.str('/tmp/system-other')), 'ENOENT', ['FS.PATH.NOENT'],
    'rename of a missing tmpfs path'),
  rmdir: errnoProbe((p) => p.sys('rmdir', p.str('/tmp')), 'EBUSY', ['FS.RMDIR.ROOT'], 'rmdir of the /tmp mount point'),
  chmod: errnoProbe((p) => p.sys('chmod', p.str(PROBE_FILE), 0o600), 'EROFS', ['FS.BASE.ERRNO', 'FS.MUTATE.WRITABLE'],
    'chmod of a base-image file'),
  chown: errnoProbe((p) => p.sys('chown', p.str(PROBE_FILE), 7), 'EROFS', ['FS.BASE.ERRNO', 'FS.MUTATE.WRITABLE'],
    'chown of a base-image file'),
  mkdir: {
    passText: 'mkdir of a new tmpfs directory',
    passClauses: ['FS.MUTATE.CAP', 'FS.STAT.NOCAP'],
    call(p) {
      p.sys('mkdir', p.str('/tmp/system-dir'), 0o755);
    },
    passed(p) {
      p.expectEq('mkdir /tmp/system-dir returns 0', ['FS.MUTATE.CAP'], 0);
      statExpect(p, '/tmp/system-dir', null, 'the directory exists', ['FS.MUTATE.CAP', 'FS.STAT.NOCAP']);
    },
    refused(p) {
      statExpect(p, '/tmp/system-dir', 'ENOENT', 'the refused mkdir created nothing', ['FS.MUTATE.CAP', 'FS.PATH.NOENT', 'FS.STAT.NOCAP']);
    },
    refusedClauses: ['FS.PATH.NOENT', 'FS.STAT.NOCAP'],
  },
  login: {
    passText: 'login to the caller\'s own context',
    passClauses: ['SEC.LOGIN.REPLACE', ...IDENTITY_CLAUSES],
    call(p, id) {
      p.sys('login', id.principal, id.session, id.caps);
    },
    passed(p, id) {
      p.expectEq('login to the same context returns 0', ['SEC.LOGIN.REPLACE'], 0);
      expectIdentity(p, id, 'the same identity after login');
    },
  },
  log_read: {
    passText: 'log_read of the boot record',
    passClauses: ['SYS.LOG.READ', 'SYS.LOG.FORMAT', 'SYS.LOG.EVENTS'],
    call(p) {
      const buf = p.space(4096, 8);
      p.sys('log_read', buf, 4096, 0);
      return buf;
    },
    passed(p, _id, buf) {
      p.expectEq('log_read returns the length of the boot record', ['SYS.LOG.READ', 'SYS.LOG.EVENTS'], BOOT_LOG_LINE.length);
      p.expectMem('the exported record is the boot record', ['SYS.LOG.FORMAT', 'SYS.LOG.EVENTS'], buf, ascii(BOOT_LOG_LINE));
    },
  },
  log_stats: {
    passText: 'log_stats',
    passClauses: ['SYS.LOG.STATS', 'SYS.LOG.RING', 'SYS.LOG.EVENTS'],
    call(p) {
      const buf = p.space(32, 8);
      p.sys('log_stats', buf, 32);
      return buf;
    },
    passed(p, _id, buf) {
      p.expectEq('log_stats returns 0', ['SYS.LOG.STATS'], 0);
      p.expectMem('the statistics hold the boot record only: capacity 256, available 1, total_written 1, overwritten 0',
        ['SYS.LOG.STATS', 'SYS.LOG.RING', 'SYS.LOG.EVENTS'], buf,
        encodeLayout(LOG_STATS, { capacity: 256n, available: 1n, total_written: 1n, overwritten: 0n }));
    },
  },
  reboot: {
    passText: 'reboot (reset), which ends the run',
    passClauses: ['SYS.REBOOT.OUTCOME'],
    reboots: true,
    call(p) {
      p.sys('reboot', POWER_RESET);
    },
    passed() {
      // The run ended with the reboot outcome; nothing after the call runs.
    },
  },
  name_register: {
    passText: 'name_register of a fresh endpoint\'s receive end',
    passClauses: ['IPC.NAME.REGISTER', 'IPC.NAME.LOOKUP'],
    call(p) {
      const ends = p.space(8, 8);
      p.sys('endpoint_create', ends);
      p.loadInt(SCRATCH, ends + 4);
      p.sys('name_register', p.str('sysprobe'), SCRATCH);
    },
    passed(p) {
      p.expectEq('name_register returns 0', ['IPC.NAME.REGISTER'], 0);
      p.sys('name_lookup', p.str('sysprobe'));
      p.expectCmp('name_lookup of the registered name returns a handle', ['IPC.NAME.REGISTER', 'IPC.NAME.LOOKUP'], 'ge', 0);
    },
    refused(p) {
      p.sys('name_lookup', p.str('sysprobe'));
      p.expectErrno('the refused name_register published nothing: name_lookup fails ENOENT', ['IPC.NAME.UNKNOWN'], 'ENOENT');
    },
    refusedClauses: ['IPC.NAME.UNKNOWN'],
  },
  socket: {
    passText: 'socket(AF_INET, SOCK_DGRAM, 0) makes a socket',
    passClauses: ['NET.SOCKET.CREATE'],
    call(p) {
      p.sys('socket', constValue('ADDRESS_FAMILIES', 'AF_INET'), constValue('SOCKET_TYPES', 'SOCK_DGRAM'), 0);
    },
    passed(p) {
      p.expectCmp('socket returns a handle', ['NET.SOCKET.CREATE'], 'ge', 0);
    },
  },
  netinfo: {
    passText: 'netinfo writes the interface record',
    passClauses: ['NET.NETINFO.SNAPSHOT', 'NET.NETINFO.FLAGS', 'NET.MACHINE'],
    call(p) {
      const buf = p.space(NETINFO.size, 8);
      p.sys('netinfo', buf, NETINFO.size);
      return buf;
    },
    passed(p, _id, buf) {
      p.expectEq('netinfo returns 0', ['NET.NETINFO.SNAPSHOT'], 0);
      p.expectMem('the record is the default interface: READY|DHCP4|STATIC6|GW6, 10.0.2.15/24, fec0::15/64',
        ['NET.NETINFO.SNAPSHOT', 'NET.NETINFO.FLAGS', 'NET.MACHINE'], buf, NETINFO_RECORD);
    },
  },
  device_discover: {
    passText: 'device_discover(0) reports the pseudo-input.0 fallback',
    passClauses: ['DEV.DISCOVER', 'DEV.CLAIM.FALLBACK', 'DEV.REGISTRY'],
    call(p) {
      const buf = p.space(64, 8);
      p.sys('device_discover', 0, buf);
      return buf;
    },
    passed(p, _id, buf) {
      p.expectEq('device_discover returns 0', ['DEV.DISCOVER'], 0);
      p.expectMem('ordinal 0 is pseudo-input.0, unclaimed', ['DEV.DISCOVER', 'DEV.CLAIM.FALLBACK', 'DEV.REGISTRY'], buf, infoRecord(PSEUDO_MODEL, 0, false));
    },
  },
  device_claim: {
    passText: 'device_claim("pseudo-input.0") returns a handle',
    passClauses: ['DEV.CLAIM', 'DEV.CLAIM.FALLBACK'],
    call(p) {
      p.sys('device_claim', p.str('pseudo-input.0'), 0);
    },
    passed(p) {
      p.expectCmp('device_claim returns a handle', ['DEV.CLAIM', 'DEV.CLAIM.FALLBACK'], 'ge', 0);
    },
  },
  shmring_create: {
    passText: 'shmring_create(2) makes channel 0',
    passClauses: ['SHM.CREATE', 'SHM.ID.ALLOC'],
    call(p) {
      p.sys('shmring_create', 2);
    },
    passed(p) {
      p.expectEq('shmring_create returns id 0', ['SHM.CREATE', 'SHM.ID.ALLOC'], 0);
    },
    refused(p) {
      p.sys('shmring_map', 0);
      p.expectErrno('the refused create made no channel: shmring_map(0) fails ENOENT', ['SHM.ID.STALE'], 'ENOENT');
    },
    refusedClauses: ['SHM.ID.STALE'],
  },
};

function gateCase(row: SyscallRow, bi: BootIdentity): CaseDef {
  const gate = row.capability!;
  const id = bi.identity;
  const capName = gate.cap as CapName;
  const pass = hasCap(id, capName);
  if (row.support === 'not-implemented') {
    return derivedCase(AREA, {
      id: `cap-gate/${row.name}/${bi.tag}`,
      description: `${row.name} is gated by ${capName} but not implemented: as ${bi.text} it returns -ENOSYS before the capability check`,
      clauses: ['ABI.ENOSYS.NOTIMPL', 'ABI.CHECK.ORDER', ...IDENTITY_CLAUSES],
      boot: bootWith(id),
      build({ p }) {
        expectIdentity(p, id);
        p.sysAbsent(row.name, ...row.args.map(() => 0));
        p.expectErrno(`${row.name} returns -ENOSYS whatever the caller's ${capName}`, ['ABI.ENOSYS.NOTIMPL', 'ABI.CHECK.ORDER'], 'ENOSYS');
      },
    });
  }
  const probe = PROBES[row.name];
  if (probe === undefined) throw new Error(`system/cap-gate: no probe for the gated row ${row.name}`);
  const refusedClauses = [gate.clause, 'SEC.CAP.ERRNO', 'SEC.CAPS', 'ABI.CHECK.ORDER'];
  return derivedCase(AREA, {
    id: `cap-gate/${row.name}/${bi.tag}`,
    description: pass
      ? `${row.name} as ${bi.text}: ${capName} is held, so the call passes the gate (${probe.passText})`
      : `${row.name} as ${bi.text}: ${capName} is missing, so the call fails ${gate.errno} before any other check`,
    clauses: pass
      ? ['SEC.CAPS', ...IDENTITY_CLAUSES, ...probe.passClauses]
      : [...refusedClauses, ...IDENTITY_CLAUSES, ...(probe.refusedClauses ?? [])],
    boot: bootWith(id),
    ...(pass && probe.reboots ? { verdict: REBOOT } : {}),
    build({ p, file }) {
      if (probe.files) file(...probe.files());
      expectIdentity(p, id);
      if (pass && probe.reboots) planNow(p);
      const buf = probe.call(p, id) ?? 0;
      if (pass) {
        probe.passed(p, id, buf);
      } else {
        p.expectErrno(`${row.name} without ${capName} fails ${gate.errno}`, refusedClauses, gate.errno);
        probe.refused?.(p, id);
      }
    },
  });
}

// ---- open: capFsRead and capTmpWrite by flags ------------------------------------------------

interface OpenVariant {
  readonly tag: string;
  readonly path: string;
  readonly flags: number;
  readonly flagsText: string;
  readonly needs: readonly CapName[];
  /** Past the gates: a handle (lowest free, 3) or an errno. */
  readonly pass: 'fd' | ErrnoName;
  readonly passClauses: readonly string[];
  /** The open creates the file: check it exists after success and not after a refusal. */
  readonly creates?: boolean;
}

const OPEN_VARIANTS: readonly OpenVariant[] = [
  { tag: 'rdonly-image-file', path: PROBE_FILE, flags: O_RDONLY, flagsText: 'O_RDONLY', needs: ['capFsRead'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST'] },
  { tag: 'rdonly-directory', path: '/tmp', flags: O_RDONLY, flagsText: 'O_RDONLY', needs: ['capFsRead'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST', 'FS.OPEN.DIR.WRITE'] },
  { tag: 'rdonly-dev-random', path: '/dev/random', flags: O_RDONLY, flagsText: 'O_RDONLY', needs: ['capFsRead'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST'] },
  { tag: 'rdonly-missing', path: '/tmp/system-missing', flags: O_RDONLY, flagsText: 'O_RDONLY', needs: ['capFsRead'], pass: 'ENOENT', passClauses: ['FS.PATH.NOENT'] },
  { tag: 'wronly-creat-tmp', path: '/tmp/system-new', flags: O_WRONLY | O_CREAT, flagsText: 'O_WRONLY|O_CREAT', needs: ['capTmpWrite'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST', 'FS.OPEN.CREAT'], creates: true },
  { tag: 'rdwr-creat-tmp', path: '/tmp/system-new', flags: O_RDWR | O_CREAT, flagsText: 'O_RDWR|O_CREAT', needs: ['capFsRead', 'capTmpWrite'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST', 'FS.OPEN.CREAT'], creates: true },
  { tag: 'rdonly-creat-tmp', path: '/tmp/system-new', flags: O_RDONLY | O_CREAT, flagsText: 'O_RDONLY|O_CREAT', needs: ['capFsRead', 'capTmpWrite'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST', 'FS.OPEN.CREAT'], creates: true },
  { tag: 'wronly-image-file', path: PROBE_FILE, flags: O_WRONLY, flagsText: 'O_WRONLY', needs: ['capTmpWrite'], pass: 'EROFS', passClauses: ['FS.BASE.ERRNO', 'FS.BASE.READONLY'] },
  { tag: 'rdonly-trunc-image-file', path: PROBE_FILE, flags: O_RDONLY | O_TRUNC, flagsText: 'O_RDONLY|O_TRUNC', needs: ['capFsRead', 'capTmpWrite'], pass: 'EROFS', passClauses: ['FS.BASE.ERRNO', 'FS.BASE.READONLY'] },
  { tag: 'wronly-dev-null', path: '/dev/null', flags: O_WRONLY, flagsText: 'O_WRONLY', needs: ['capTmpWrite'], pass: 'fd', passClauses: ['FS.OPEN.LOWEST'] },
];

const CAP_CLAUSE: Readonly<Record<string, string>> = { capFsRead: 'FS.OPEN.CAP.READ', capTmpWrite: 'FS.OPEN.CAP.WRITE' };

function openCase(v: OpenVariant, bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const missing = v.needs.filter((c) => !hasCap(id, c));
  const pass = missing.length === 0;
  const gateClauses = v.needs.map((c) => CAP_CLAUSE[c]!);
  const refusedClauses = [...missing.map((c) => CAP_CLAUSE[c]!), 'SEC.CAP.ERRNO', 'SEC.CAPS', 'ABI.CHECK.ORDER'];
  const needText = v.needs.join(' and ');
  return derivedCase(AREA, {
    id: `cap-open/${v.tag}/${bi.tag}`,
    description: pass
      ? `open(${v.path}, ${v.flagsText}) as ${bi.text}: ${needText} held, the open passes the capability check (${v.pass === 'fd' ? 'handle 3' : `then fails ${v.pass}`})`
      : `open(${v.path}, ${v.flagsText}) as ${bi.text}: without ${missing.join(' and ')} it fails EACCES`,
    clauses: pass
      ? [...gateClauses, 'SEC.CAPS', ...IDENTITY_CLAUSES, ...v.passClauses, ...(v.creates ? ['FS.STAT.NOCAP'] : []), ...(v.pass === 'fd' ? [] : ['ABI.CHECK.ORDER'])]
      : [...refusedClauses, ...IDENTITY_CLAUSES, ...(v.creates ? ['FS.PATH.NOENT', 'FS.STAT.NOCAP'] : [])],
    boot: bootWith(id),
    build({ p, file }) {
      file(probeFile());
      expectIdentity(p, id);
      p.sys('open', p.str(v.path), v.flags, 0o644);
      if (!pass) {
        p.expectErrno(`open ${v.flagsText} without ${missing.join(' and ')} fails EACCES`, refusedClauses, 'EACCES');
        if (v.creates) statExpect(p, v.path, 'ENOENT', 'the refused open created nothing', [...missing.map((c) => CAP_CLAUSE[c]!), 'FS.PATH.NOENT', 'FS.STAT.NOCAP']);
        return;
      }
      if (v.pass === 'fd') p.expectEq(`open ${v.flagsText} returns the lowest free handle, 3`, [...gateClauses, ...v.passClauses], 3);
      else p.expectErrno(`open ${v.flagsText} passes the capability check and fails ${v.pass}`, [...gateClauses, ...v.passClauses, 'ABI.CHECK.ORDER'], v.pass);
      if (v.creates) statExpect(p, v.path, null, 'the file was created', ['FS.OPEN.CREAT', 'FS.STAT.NOCAP']);
    },
  });
}

function statCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  return derivedCase(AREA, {
    id: `cap-open/stat-nocap/${bi.tag}`,
    description: `stat of a base-image file as ${bi.text} succeeds: stat needs no capability`,
    clauses: ['FS.STAT.NOCAP', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p, file }) {
      file(probeFile());
      expectIdentity(p, id);
      statExpect(p, PROBE_FILE, null, 'no capability is needed', ['FS.STAT.NOCAP']);
    },
  });
}

// ---- bits carried but not enforced -----------------------------------------------------------

const CHILD_PATH = '/bin/system-idcheck';

/** A program that exits 0 when its effective and real identity both are `id`, else 1..4. */
export function identityCheckProgram(parent: CaseProgram, eff: Identity, real: Identity = eff): Uint8Array {
  const c = parent.child();
  const buf = c.space(32, 8);
  c.sys('security_info', buf);
  childCheckMem(c, buf, securityInfoRecord(eff), 1);
  c.sys('security_info_ex', buf);
  childCheckMem(c, buf, securityInfoExRecord(eff, real), 2);
  c.exit(0);
  return c.elf();
}

function spawnCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const held = hasCap(id, 'capSpawn');
  return derivedCase(AREA, {
    id: `cap-spawn/spawn/${bi.tag}`,
    description: `spawn as ${bi.text} runs the child ${held ? 'with' : 'even without'} capSpawn, and the child carries the caller's identity`,
    clauses: ['SEC.SPAWNCAP.NOTENFORCED', 'SEC.SPAWNCAP', 'PROC.SPAWN.IDENTITY', 'PROC.SPAWN.STATUS', 'SEC.INFOEX.EQUAL', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p, file }) {
      file({ path: CHILD_PATH, data: identityCheckProgram(p, id) });
      expectIdentity(p, id);
      const argv = p.words([p.str('idcheck'), 0]);
      p.sys('spawn', p.str(CHILD_PATH), argv);
      p.expectEq(`spawn returns the child's exit code 0: it ran, as principal ${id.principal} with caps 0x${id.caps.toString(16)} (effective and real)`,
        ['SEC.SPAWNCAP.NOTENFORCED', 'PROC.SPAWN.IDENTITY', 'PROC.SPAWN.STATUS', 'SEC.INFOEX.EQUAL'], 0);
    },
  });
}

function forkCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  return derivedCase(AREA, {
    id: `cap-spawn/fork/${bi.tag}`,
    description: `fork as ${bi.text} creates a child whatever capSpawn says; the child copies the security context`,
    clauses: ['SEC.SPAWNCAP.NOTENFORCED', 'PROC.FORK.IDENTITY', 'PROC.FORK.RETURN', 'PROC.WAIT.EXITCODE', 'SEC.INFOEX.EQUAL', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p }) {
      expectIdentity(p, id);
      const buf = p.space(32, 8);
      const pid = forkChild(p, () => {
        p.sys('security_info', buf);
        childCheckMem(p, buf, securityInfoRecord(id), 1);
        p.sys('security_info_ex', buf);
        childCheckMem(p, buf, securityInfoExRecord(id), 2);
        p.exit(0);
      });
      p.expectEq('fork returns the child pid 2 in the parent', ['SEC.SPAWNCAP.NOTENFORCED', 'PROC.FORK.RETURN'], 2, pid);
      expectWait(p, pid, 2, waitStatusExited(0), 'child (its identity matched the parent\'s)', ['PROC.FORK.IDENTITY', 'SEC.INFOEX.EQUAL', 'PROC.WAIT.EXITCODE']);
    },
  });
}

function inspectCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const held = hasCap(id, 'capProcessInspect');
  return derivedCase(AREA, {
    id: `cap-inspect/${bi.tag}`,
    description: `psinfo and procstat as ${bi.text} succeed ${held ? 'with' : 'without'} capProcessInspect (not enforced)`,
    clauses: ['SEC.INSPECT.NOTENFORCED', 'SYS.PSINFO.TOTAL', ...IDENTITY_CLAUSES],
    boot: bootWith(id),
    build({ p }) {
      expectIdentity(p, id);
      p.sys('psinfo', p.space(64, 8), 2);
      p.expectEq('psinfo returns the process count, 1', ['SEC.INSPECT.NOTENFORCED', 'SYS.PSINFO.TOTAL'], 1);
      p.sys('procstat', p.space(112, 8), 2);
      p.expectEq('procstat returns the process count, 1', ['SEC.INSPECT.NOTENFORCED', 'SYS.PSINFO.TOTAL'], 1);
    },
  });
}

/** kill(child, 0) after init logged in as `bi`; the child stays root (SIG.KILL.PERM). */
function killCase(bi: BootIdentity): CaseDef {
  const id = bi.identity;
  const allowed = id.principal === 1 || hasCap(id, 'capConsole');
  const why = id.principal === 1 ? 'same principal as the child' : hasCap(id, 'capConsole') ? 'the sender holds capConsole' : 'another principal and no capConsole';
  return derivedCase(AREA, {
    id: `cap-kill/${bi.tag}`,
    description: `after login as ${bi.text}, kill(child, 0) on a root child ${allowed ? 'succeeds' : 'fails EPERM'} (${why})`,
    clauses: ['SIG.KILL.PERM', 'SIG.KILL.PROBE', 'SEC.LOGIN.REPLACE', 'PROC.FORK.RETURN', ...IDENTITY_CLAUSES],
    build({ p }) {
      const { r } = makePipe(p);
      const pid = forkChild(p, () => blockOnRead(p, r));
      p.expectEq('fork returns the child pid 2', ['PROC.FORK.RETURN'], 2, pid);
      p.sys('login', id.principal, id.session, id.caps);
      p.expectEq(`login as principal ${id.principal} returns 0`, ['SEC.LOGIN.REPLACE'], 0);
      expectIdentity(p, id, 'the new identity');
      p.sys('kill', pid, 0);
      if (allowed) p.expectEq(`kill(2, 0) returns 0: ${why}`, ['SIG.KILL.PERM', 'SIG.KILL.PROBE'], 0);
      else p.expectErrno(`kill(2, 0) fails EPERM: ${why}`, ['SIG.KILL.PERM'], 'EPERM');
    },
  });
}

export function capabilityCases(): CaseDef[] {
  const ids = bootIdentities();
  const out: CaseDef[] = [];
  // resolve answers a missing capNet with its failure value 0, not an errno: the net area checks it (NET.RESOLVE.ERRORS).
  const gated = SYSCALLS.filter((r) => r.capability !== undefined && !(r.ret.kind === 'value' && r.ret.failure.kind === 'sentinel'));
  for (const row of gated) for (const bi of ids) out.push(gateCase(row, bi));
  for (const v of OPEN_VARIANTS) for (const bi of ids) out.push(openCase(v, bi));
  for (const bi of ids) out.push(statCase(bi));
  for (const bi of ids) out.push(spawnCase(bi));
  for (const bi of ids) out.push(forkCase(bi));
  for (const bi of ids) out.push(inspectCase(bi));
  for (const bi of ids) out.push(killCase(bi));
  return out;
}
