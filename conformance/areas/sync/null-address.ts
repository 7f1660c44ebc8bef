// A required address given as NULL (thread_create's entry and stack top, futex's word) is a bad
// pointer: EFAULT under ABI.FAULT, checked with the arguments before the call's own checks
// (THR.CREATE.ENTRY, THR.CREATE.STACK, THR.FUTEX.FAULT), and nothing is created.

import type { CaseDef } from '../../model.js';
import { CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, FUTEX_WAIT } from './kit.js';

export function nullAddressCases(): CaseDef[] {
  return [
    derivedCase(AREA, {
      id: 'null-address/thread-create-entry',
      description: 'thread_create(entry = NULL, 0, a valid stack top) fails EFAULT',
      clauses: ['ABI.FAULT', 'ABI.CHECK.ORDER'],
      build({ p }) {
        const stack = p.space(4096, 16) + 4096;
        p.sys('thread_create', 0, 0, stack).expectErrno('thread_create(NULL entry) fails EFAULT', ['ABI.FAULT', 'ABI.CHECK.ORDER'], 'EFAULT');
      },
    }),
    derivedCase(AREA, {
      id: 'null-address/thread-create-stack',
      description: 'thread_create(an executable entry, 0, stack_top = NULL) fails EFAULT',
      clauses: ['ABI.FAULT'],
      build({ p }) {
        p.sys('thread_create', CODE_BASE, 0, 0).expectErrno('thread_create(NULL stack top) fails EFAULT', ['ABI.FAULT', 'ABI.CHECK.ORDER'], 'EFAULT');
      },
    }),
    derivedCase(AREA, {
      id: 'null-address/futex-word',
      description: 'futex(NULL, FUTEX_WAIT, 0) fails EFAULT at once (it does not wait)',
      clauses: ['ABI.FAULT'],
      build({ p }) {
        p.sys('futex', 0, FUTEX_WAIT, 0).expectErrno('futex(NULL) fails EFAULT', ['ABI.FAULT', 'THR.FUTEX.FAULT'], 'EFAULT');
      },
    }),
  ];
}
