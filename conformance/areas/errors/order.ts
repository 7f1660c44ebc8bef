// ABI.CHECK.ORDER: which check wins when several fail. Not-implemented rows answer ENOSYS before
// reading anything (ABI.ENOSYS.NOTIMPL); the capability gate comes before the arguments; the
// arguments are checked in register order, and within a handle: validity, kind, rights.

import { CAPABILITIES, RIGHT_BITS, SYSCALLS, type SyscallRow } from '../../../spec/index.js';
import { cell, failsWithErrno, implementedRows, type Recipe } from './cells.js';
import { formsFor, type Form } from './forms.js';
import { attenuate, wrongKindMakers } from './handles.js';
import { KERNEL_HALF, UNMAPPED } from './kit.js';
import { ALL_CAPS, expectNoNewHandle, identityFor, prepareCall, probeLowestFree } from './matrix.js';

// ---- ENOSYS before everything -----------------------------------------------------------------

const GARBAGE: readonly { readonly variant: string; readonly what: string; readonly value: bigint; readonly caps?: number }[] = [
  { variant: 'zeros', what: 'every argument 0 (NULL pointers, handle 0)', value: 0n },
  { variant: 'all-ones', what: 'every argument -1', value: -1n },
  { variant: 'unmapped', what: 'every argument an unmapped address', value: BigInt(UNMAPPED) },
  { variant: 'kernel-half', what: 'every argument a kernel-half address', value: KERNEL_HALF },
  { variant: 'no-caps', what: 'every argument -1, from a process without any capability', value: -1n, caps: 0 },
];

function enosysRecipes(): Recipe[] {
  const rows = SYSCALLS.filter((r) => r.support === 'not-implemented');
  return rows.flatMap((row) => GARBAGE.map((g): Recipe => ({
    id: `enosys/${row.name}/${g.variant}`,
    description: `${row.name} is not implemented: ${g.what} still returns -ENOSYS (before any argument or capability check)`,
    cells: [],
    clauses: ['ABI.ENOSYS.NOTIMPL', 'ABI.CHECK.ORDER'],
    build(ctx) {
      if (g.caps !== undefined) ctx.setBoot({ identity: { principal: 2, session: 1, caps: g.caps } });
      const probe = probeLowestFree(ctx);
      for (let i = 0; i < 6; i++) ctx.a.movImm(i, g.value);
      ctx.a.movImm(8, row.nr).svc();
      const x1 = ctx.p.variable();
      ctx.p.mov(x1.n, 1);
      ctx.expectErrno(`${row.name} returns -ENOSYS`, ['ABI.ENOSYS.NOTIMPL', 'ABI.CHECK.ORDER'], 'ENOSYS');
      ctx.expectEq('x1 is preserved', ['ABI.REGS.PRESERVE'], g.value, x1);
      expectNoNewHandle(ctx, probe);
    },
  })));
}

// ---- the capability gate before the arguments ---------------------------------------------------

function capabilityRecipes(): Recipe[] {
  const out: Recipe[] = [];
  for (const row of implementedRows()) {
    const gate = row.capability;
    if (gate === undefined || !failsWithErrno(row)) continue;
    const bit = CAPABILITIES.members.find((c) => c.name === gate.cap)!.value;
    const caps = (ALL_CAPS | 0x3f) & ~bit;
    const variants: { variant: string; what: string; forms: Map<number, Form> }[] = [
      { variant: 'valid', what: 'valid arguments', forms: new Map() },
    ];
    row.args.forEach((a, i) => {
      for (const f of formsFor(row, i)) variants.push({ variant: `${a.name}-${f.variant}`, what: `${a.name} = ${f.what}`, forms: new Map([[i, f]]) });
    });
    for (const v of variants) {
      out.push({
        id: `capability/${row.name}/${v.variant}`,
        description: `${row.name} without ${gate.cap}, ${v.what}: fails ${gate.errno} (${gate.clause}) before any argument check`,
        cells: [cell(row.name, gate.errno, gate.clause)],
        clauses: ['ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'],
        build(ctx) {
          ctx.setBoot({ identity: { principal: 1, session: 1, caps } });
          const ops = prepareCall(ctx, row, v.forms);
          ctx.sys(row.name, ...ops);
          ctx.expectErrno(`${row.name} without ${gate.cap} returns -${gate.errno}`, [gate.clause, 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'], gate.errno);
        },
      });
    }
  }
  return out;
}

// ---- arguments in register order -----------------------------------------------------------------

/** Whether form `j` empties the buffer of pointer argument `i` (then `i` is not dereferenced: ABI.NULL.EMPTY). */
function emptiesPointer(row: SyscallRow, i: number, j: Form): boolean {
  const t = row.args[i]!.type;
  const countArg = t.kind === 'buffer' ? t.lengthArg : t.kind === 'array' ? t.countArg : undefined;
  return countArg !== undefined && j.numbers?.get(countArg) === 0n;
}

/** The first form of an argument, preferring one that needs no set-up. */
function firstForm(row: SyscallRow, i: number): Form | undefined {
  const forms = formsFor(row, i);
  return forms.find((f) => f.value === undefined || f.fault === true) ?? forms[0];
}

function pairRecipes(): Recipe[] {
  const out: Recipe[] = [];
  for (const row of implementedRows()) {
    for (let i = 0; i < row.args.length; i++) {
      const first = firstForm(row, i);
      if (first === undefined) continue;
      for (let j = i + 1; j < row.args.length; j++) {
        const later = formsFor(row, j).find((f) => f.errno !== first.errno && !emptiesPointer(row, i, f));
        if (later === undefined) continue;
        const [a, b] = [row.args[i]!.name, row.args[j]!.name];
        out.push({
          id: `order/${row.name}/${a}-before-${b}`,
          description: `${row.name}: ${a} = ${first.what} and ${b} = ${later.what} fails ${first.errno} (${a} is checked first)`,
          cells: [cell(row.name, first.errno, first.clause)],
          clauses: ['ABI.CHECK.ORDER'],
          build(ctx) {
            ctx.setBoot(identityFor(row));
            const ops = prepareCall(ctx, row, new Map([[i, first], [j, later]]));
            ctx.sys(row.name, ...ops);
            ctx.expectErrno(`${row.name} reports ${a} (-${first.errno}), not ${b} (-${later.errno})`, [first.clause, 'ABI.CHECK.ORDER'], first.errno);
          },
        });
      }
    }
  }
  return out;
}

/** Within one handle argument: a handle of the wrong kind that also lacks the rights reports the kind. */
function kindBeforeRights(): Recipe[] {
  const out: Recipe[] = [];
  for (const row of implementedRows()) {
    row.args.forEach((a, i) => {
      const t = a.type;
      if (t.kind !== 'fd' || t.rights.length === 0) return;
      const need = t.rights.reduce((m, r) => m | RIGHT_BITS[r], 0);
      for (const m of wrongKindMakers(t)) {
        if ((m.rights & need) === 0) continue;
        out.push({
          id: `order/${row.name}/${a.name}/kind-before-rights-${m.name}`,
          description: `${row.name}: ${a.name} = a ${m.name} handle (wrong kind) without ${t.rights.join(', ')} fails ${t.wrongKindErrno} (kind is checked before rights)`,
          cells: [cell(row.name, t.wrongKindErrno, 'FD.KIND.WRONG')],
          clauses: ['ABI.CHECK.ORDER'],
          build(ctx) {
            ctx.setBoot(identityFor(row));
            const form: Pick<Form, 'value'> = { value: (c) => attenuate(c, m.make(c), m.rights & ~need) };
            ctx.sys(row.name, ...prepareCall(ctx, row, new Map([[i, form]])));
            ctx.expectErrno(`${row.name} reports the kind (-${t.wrongKindErrno})`, ['FD.KIND.WRONG', 'ABI.CHECK.ORDER'], t.wrongKindErrno);
          },
        });
      }
    });
  }
  return out;
}

export function orderRecipes(): Recipe[] {
  return [...enosysRecipes(), ...capabilityRecipes(), ...pairRecipes(), ...kindBeforeRights()];
}
