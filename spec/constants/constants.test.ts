import { describe, expect, it } from 'vitest';
import { HANDLE_KINDS } from '../types.js';
import {
  CAP_BITS, CONSTANT_GROUP_LIST, DEFAULT_HANDLE_RIGHTS, FCNTL_CMD_RIGHT, SIGNAL_DEFAULT_ACTION,
  constGroup, constValue, decodeWaitStatus, knownBits, missingRightErrno, RIGHT_BITS, rightsFromMask, rightsMask,
  spawnStatus, waitStatusExited, waitStatusSignaled,
} from './index.js';

describe('constant groups', () => {
  it('have unique names and unique member names', () => {
    expect(new Set(CONSTANT_GROUP_LIST.map((g) => g.name)).size).toBe(CONSTANT_GROUP_LIST.length);
    for (const g of CONSTANT_GROUP_LIST) expect(new Set(g.members.map((m) => m.name)).size, g.name).toBe(g.members.length);
  });

  it('give enum members distinct values', () => {
    for (const g of CONSTANT_GROUP_LIST.filter((x) => x.kind === 'enum')) {
      expect(new Set(g.members.map((m) => m.value)).size, g.name).toBe(g.members.length);
    }
  });

  it('give flag members single non-overlapping bits (masks only as unions of other members)', () => {
    for (const g of CONSTANT_GROUP_LIST.filter((x) => x.kind === 'flags')) {
      const bits = g.members.filter((m) => m.value !== 0 && (m.value & (m.value - 1)) === 0);
      const union = bits.reduce((acc, m) => acc | m.value, 0);
      expect(bits.reduce((acc, m) => acc + m.value, 0), `${g.name} overlap`).toBe(union);
      for (const m of g.members) {
        if (m.value === 0 || bits.includes(m)) continue;
        expect(m.value & ~union, `${g.name}.${m.name} is not a union of members`).toBe(0);
      }
    }
  });

  it('match the seed values that other tables rely on', () => {
    expect(constValue('OPEN_FLAGS', 'O_NONBLOCK')).toBe(0x4000);
    expect(constValue('MAP_FLAGS', 'MAP_FIXED_NOREPLACE')).toBe(0x100000);
    expect(constValue('POLL_EVENTS', 'POLLNVAL')).toBe(0x20);
    expect(constValue('SIGNALS', 'SIGCHLD')).toBe(17);
    expect(constValue('SIG_HANDLERS', 'SIG_IGN')).toBe(1);
    expect(constValue('RIGHT_MASKS', 'SWIFTOS_RIGHT_ALL')).toBe(knownBits('RIGHTS'));
    expect(constValue('EVENTFD_FLAGS', 'EFD_NONBLOCK')).toBe(constValue('OPEN_FLAGS', 'O_NONBLOCK'));
    expect(constValue('EVENTFD_FLAGS', 'EFD_CLOEXEC')).toBe(constValue('OPEN_FLAGS', 'O_CLOEXEC'));
    expect(constValue('FCNTL_CMDS', 'F_DUPFD_CLOEXEC')).toBe(14);
  });

  it('agree with the rights and capability bit tables', () => {
    for (const m of constGroup('RIGHTS').members) {
      const name = m.name.replace('SWIFTOS_RIGHT_', '') as keyof typeof RIGHT_BITS;
      expect(RIGHT_BITS[name], m.name).toBe(m.value);
    }
    for (const m of constGroup('CAPABILITIES').members) expect(CAP_BITS[m.name as keyof typeof CAP_BITS]).toBe(m.value);
    expect(rightsFromMask(rightsMask(['READ', 'TRANSFER']))).toEqual(['READ', 'TRANSFER']);
    expect(missingRightErrno('READ')).toBe('EBADF');
    expect(missingRightErrno('TRANSFER')).toBe('EACCES');
  });

  it('cover every handle kind, fcntl command and signal in their side tables', () => {
    expect(DEFAULT_HANDLE_RIGHTS.map((d) => d.kind).sort()).toEqual([...HANDLE_KINDS].sort());
    expect(Object.keys(FCNTL_CMD_RIGHT).sort()).toEqual(constGroup('FCNTL_CMDS').members.map((m) => m.name).sort());
    expect(Object.keys(SIGNAL_DEFAULT_ACTION).sort()).toEqual(constGroup('SIGNALS').members.map((m) => m.name).sort());
  });

  it('encode wait statuses the Linux way', () => {
    expect(waitStatusExited(3)).toBe(0x300);
    expect(decodeWaitStatus(waitStatusExited(300))).toEqual({ kind: 'exited', code: 44 });
    expect(decodeWaitStatus(waitStatusSignaled(15))).toEqual({ kind: 'signaled', signal: 15 });
    expect(spawnStatus({ kind: 'signaled', signal: 9 })).toBe(137);
  });
});
