import type { InsnRowSpec } from '../row.js';
import { hex, op } from './fmt.js';

/** Exception generation, hints, barriers, system register moves. */
export const systemRows: InsnRowSpec[] = [
  {
    name: 'SVC',
    pattern: '11010100 000 imm16:16 000 01',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('svc', f.imm16!),
    disasm: (f) => op('svc', hex(f.imm16!)),
    noDiff: 'a system call leaves the sequence',
  },
  {
    name: 'BRK',
    pattern: '11010100 001 imm16:16 000 00',
    cls: 'system',
    flow: 'stop',
    emit: (f, e) => e.stop('brk', f.imm16!),
    disasm: (f) => op('brk', hex(f.imm16!)),
    noDiff: 'stops the sequence',
  },
  {
    name: 'NOP',
    pattern: '11010101 00000011 0010 0000 000 11111',
    cls: 'system',
    emit: () => undefined,
    disasm: () => 'nop',
  },
];
