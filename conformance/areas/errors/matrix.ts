// The argument-type matrix: for every implemented row, every argument and every invalid form of
// its type, one case that makes exactly that argument wrong (the others valid, so by
// ABI.CHECK.ORDER the intended check is the first to fail) and expects the form's errno.
// EFAULT cases also check that the call had no other effect (ABI.FAULT.NOEFFECT): no handle
// number was taken.

import { CAPABILITIES, syscall, type SyscallRow } from '../../../spec/index.js';
import type { BootSpec } from '../../model.js';
import type { Operand, Reg } from '../../program/builder.js';
import { cell, implementedRows, type Recipe } from './cells.js';
import { formsFor, type Form } from './forms.js';
import type { Ctx } from './kit.js';
import { callNumbers, validValue } from './values.js';

/** Every capability bit (SEC.CAPS): root's seeded 0x3f lacks capLogExport. */
export const ALL_CAPS = CAPABILITIES.members.reduce((m, c) => m | c.value, 0);
export const ROOT_CAPS = 0x3f;

/** Boot identity that passes the row's capability gate (root, plus the gate's bit). */
export function identityFor(row: SyscallRow): BootSpec {
  if (row.capability === undefined) return {};
  const bit = CAPABILITIES.members.find((c) => c.name === row.capability!.cap)!.value;
  return (ROOT_CAPS & bit) !== 0 ? {} : { identity: { principal: 1, session: 1, caps: ALL_CAPS } };
}

/**
 * Prepares the row's arguments: those in `forms` wrong as the form says, every other one valid
 * (setup is emitted in register order). Returns the operands for `ctx.sys`.
 */
export function prepareCall(ctx: Ctx, row: SyscallRow, forms: ReadonlyMap<number, Pick<Form, 'numbers' | 'value'>>): Operand[] {
  const overrides = new Map<string, bigint>();
  for (const f of forms.values()) for (const [k, v] of f.numbers ?? []) overrides.set(k, v);
  const numbers = callNumbers(row, overrides);
  const ops: Operand[] = row.args.map((_a, j) => {
    const f = forms.get(j);
    if (f?.value !== undefined) return f.value(ctx, numbers);
    return validValue(ctx, row, j, numbers);
  });
  return ops;
}

/** dup(0) and close: the lowest free handle number, to compare after a call that must not take one. */
export function probeLowestFree(ctx: Ctx): Reg {
  const probe = ctx.call('dup', 0);
  ctx.sys('close', probe);
  return probe;
}

/** The lowest free handle number is still `probe` (ABI.FAULT.NOEFFECT). */
export function expectNoNewHandle(ctx: Ctx, probe: Reg): void {
  ctx.sys('dup', 0);
  ctx.subFrom0(probe);
  ctx.expectEq('the failed call took no handle number', ['ABI.FAULT.NOEFFECT'], 0);
}

/** An argument given by a case: a number (for number arguments), a register, or code that makes one. */
export type Given = number | bigint | Reg | ((ctx: Ctx) => Operand);

const NUMERIC_KINDS = new Set(['length', 'flags', 'enum', 'pid', 'signal', 'int', 'timeout', 'addr']);

/** Calls `rowName` with the `given` arguments (by name) and every other argument valid. */
export function invoke(ctx: Ctx, rowName: string, given: Readonly<Record<string, Given>> = {}): void {
  const row = syscall(rowName);
  for (const name of Object.keys(given)) {
    if (!row.args.some((a) => a.name === name)) throw new Error(`${rowName} has no argument ${name}`);
  }
  const forms = new Map<number, Pick<Form, 'numbers' | 'value'>>();
  row.args.forEach((a, j) => {
    const g = given[a.name];
    if (g === undefined) return;
    if ((typeof g === 'number' || typeof g === 'bigint') && NUMERIC_KINDS.has(a.type.kind)) {
      forms.set(j, { numbers: new Map([[a.name, BigInt(g)]]) });
    } else if (typeof g === 'function') {
      forms.set(j, { value: g });
    } else {
      forms.set(j, { value: () => g });
    }
  });
  ctx.sys(row.name, ...prepareCall(ctx, row, forms));
}

function describe(row: SyscallRow, i: number, f: Form): string {
  return `${row.name}: ${row.args[i]!.name} = ${f.what} fails ${f.errno} (${f.clause}), the other arguments valid`;
}

export function matrixRecipe(row: SyscallRow, i: number, f: Form): Recipe {
  const arg = row.args[i]!.name;
  return {
    id: `arg/${row.name}/${arg}/${f.variant}`,
    description: describe(row, i, f),
    cells: [cell(row.name, f.errno, f.clause)],
    build(ctx) {
      ctx.setBoot(identityFor(row));
      const ops = prepareCall(ctx, row, new Map([[i, f]]));
      const probe = f.fault === true ? probeLowestFree(ctx) : null;
      ctx.sys(row.name, ...ops);
      ctx.expectErrno(`${row.name} with ${arg} = ${f.what} returns -${f.errno}`, [f.clause], f.errno);
      if (probe !== null) expectNoNewHandle(ctx, probe);
    },
  };
}

export function matrixRecipes(): Recipe[] {
  return implementedRows().flatMap((row) => row.args.flatMap((_a, i) => formsFor(row, i).map((f) => matrixRecipe(row, i, f))));
}
