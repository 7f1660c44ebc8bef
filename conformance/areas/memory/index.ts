// The memory area: mmap, munmap, mprotect, sbrk, mmap_file and W^X, from the MM.* clauses, the
// memory rows' error lists and the ADDRESS_SPACE layout. Families (ids memory/<family>/...):
//   access         prot × operation × access, probed in a forked child (matrix.ts)
//   fault-default  the same faults with no handler: the wait status is the signal (matrix.ts)
//   jit, jit-misuse  the JIT pattern and what it must not allow (jit.ts)
//   wx             W|X rejected by mmap, mprotect, mmap_file and exec of ELF images (wx.ts)
//   zero           zero-filled pages, length rounding, file contents and tails (zero.ts)
//   errors         argument errors: lengths, alignment, unknown bits, ranges, handles (errors.ts)
//   nomem          ENOMEM and sbrk failures (nomem.ts)
//   fork           mappings after fork are copies with the same protections (fork.ts)

import type { CaseDef, Generator } from '../../model.js';
import { errorCases } from './errors.js';
import { forkCases } from './fork.js';
import { jitCases } from './jit.js';
import { defaultActionCases, matrixCases } from './matrix.js';
import { nomemCases } from './nomem.js';
import { privateCopyCases } from './private-copy.js';
import { wxCases } from './wx.js';
import { zeroCases } from './zero.js';

export const memoryGenerator: Generator = {
  area: 'memory',
  cases(): CaseDef[] {
    return [
      ...matrixCases(), ...defaultActionCases(), ...jitCases(), ...wxCases(), ...zeroCases(), ...errorCases(), ...nomemCases(), ...forkCases(), ...privateCopyCases(),
    ];
  },
};
