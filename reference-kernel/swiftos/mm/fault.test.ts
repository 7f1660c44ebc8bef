import { describe, expect, it } from 'vitest';
import { ANON, expectOk, machine, PAGE } from './mm.testkit.js';
import { PROT_READ } from './validate.js';

describe('classifyFault', () => {
  it('SIG.FAULT.CODE / MM.FAULT.SIGSEGV: nothing mapped at the address is SEGV_MAPERR', () => {
    const { mm } = machine();
    const a = expectOk(mm.mmap(0, PAGE, PROT_READ, ANON));
    expect(mm.classifyFault(a + PAGE, 'read')).toMatchObject({ code: 1, name: 'SEGV_MAPERR', clause: 'SIG.FAULT.CODE' });
    expect(mm.classifyFault(0, 'exec').name).toBe('SEGV_MAPERR');
    expect(mm.classifyFault(2 ** 40, 'read').name).toBe('SEGV_MAPERR');
    expect(mm.classifyFault(2 ** 64, 'write').name).toBe('SEGV_MAPERR');
  });

  it('SIG.FAULT.CODE / MM.FAULT.SIGSEGV: a protection that forbids the access is SEGV_ACCERR', () => {
    const { mm } = machine();
    const a = expectOk(mm.mmap(0, PAGE, PROT_READ, ANON));
    expect(mm.classifyFault(a + 8, 'write')).toMatchObject({ code: 2, name: 'SEGV_ACCERR', access: 'write' });
    expect(mm.classifyFault(a, 'exec').name).toBe('SEGV_ACCERR');
  });

  it('SIG.FAULT.CODE: a PROT_NONE reservation (no frames) is SEGV_ACCERR, and MAPERR once unmapped', () => {
    const { mm } = machine();
    const a = expectOk(mm.mmap(0, 4 * PAGE, 0, ANON));
    expect(mm.classifyFault(a + 3 * PAGE, 'read').name).toBe('SEGV_ACCERR');
    expectOk(mm.munmap(a, 4 * PAGE));
    expect(mm.classifyFault(a + 3 * PAGE, 'read').name).toBe('SEGV_MAPERR');
  });
});
