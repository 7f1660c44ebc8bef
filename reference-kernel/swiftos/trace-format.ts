import type { AddressSpace } from '../../cpu/memory/address-space.js';
import { constGroup, errnoName, type ArgSpec, type SyscallRow } from '../../spec/index.js';

const MAX_SHOWN = 48;

/**
 * One argument as --trace shows it, decoded by its spec type: fds and ints in decimal, flag sets
 * and enums by member name, strings quoted (read from guest memory, cut at 48 bytes), pointers
 * and lengths in hex/decimal. Reading memory here never faults: unreadable strings show as
 * their address.
 */
export function formatArg(spec: ArgSpec, raw: bigint, space: AddressSpace): string {
  const t = spec.type;
  const signed = BigInt.asIntN(64, raw);
  switch (t.kind) {
    case 'fd':
    case 'pid':
    case 'signal':
    case 'length':
    case 'timeout':
      return String(t.kind === 'length' ? raw : BigInt.asIntN(32, raw));
    case 'int':
      return t.signed ? String(t.bits === 32 ? BigInt.asIntN(32, raw) : signed) : String(raw);
    case 'flags':
      return flagNames(t.group, raw);
    case 'enum':
      return enumName(t.group, raw);
    case 'string': {
      const shown = raw < 2n ** 40n ? peekString(space, Number(raw)) : null;
      return shown ?? `0x${raw.toString(16)}`;
    }
    default:
      return `0x${raw.toString(16)}`;
  }
}

/** The string at `va` quoted, cut after MAX_SHOWN bytes; null if its first byte is unreadable. */
function peekString(space: AddressSpace, va: number): string | null {
  const bytes: number[] = [];
  for (let i = 0; i <= MAX_SHOWN; i++) {
    if (!space.accessible(va + i, 1, 'read')) {
      if (i === 0) return null;
      break;
    }
    const b = space.peek(va + i, 1)[0]!;
    if (b === 0) return JSON.stringify(String.fromCharCode(...bytes));
    bytes.push(b);
  }
  return `${JSON.stringify(String.fromCharCode(...bytes.slice(0, MAX_SHOWN)))}...`;
}

function flagNames(group: string, raw: bigint): string {
  if (raw === 0n) return '0';
  const g = constGroup(group);
  const names: string[] = [];
  let rest = raw;
  for (const m of g.members) {
    const bit = BigInt(m.value);
    if (bit !== 0n && (rest & bit) === bit) {
      names.push(m.name);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) names.push(`0x${rest.toString(16)}`);
  return names.join('|');
}

function enumName(group: string, raw: bigint): string {
  const m = constGroup(group).members.find((x) => BigInt(x.value) === raw);
  return m ? m.name : String(BigInt.asIntN(64, raw));
}

/** `name(arg, ...)` for a row (raw hex for an unknown number). */
export function formatCall(row: SyscallRow | undefined, nr: bigint, args: readonly bigint[], space: AddressSpace): string {
  if (!row) return `syscall_${nr}(${args.map((a) => `0x${a.toString(16)}`).join(', ')})`;
  return `${row.name}(${row.args.map((spec, i) => formatArg(spec, args[i]!, space)).join(', ')})`;
}

/** A return value: small numbers in decimal, -errno with its name, large values in hex. */
export function formatRet(ret: bigint): string {
  const signed = BigInt.asIntN(64, ret);
  if (signed < 0n && signed >= -4095n) return `${signed} ${errnoName(Number(-signed)) ?? ''}`.trimEnd();
  return signed >= 0n && signed < 1_000_000n ? String(signed) : `0x${BigInt.asUintN(64, ret).toString(16)}`;
}
