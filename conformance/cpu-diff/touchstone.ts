import { Cpu } from '../../cpu/cpu.js';
import { readElf } from '../../cpu/elf/index.js';
import { decode } from '../../cpu/isa/table.js';
import { AddressSpace } from '../../cpu/memory/address-space.js';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/memory/physical.js';
import type { MachineState } from '../../cpu/testgen/state.js';
import { loadLinuxElf } from '../../reference-kernel/linux/loader.js';
import { describeStop, execLinuxElf } from '../../reference-kernel/linux/personality.js';
import { brk } from './asm.js';
import { CASE_OUTPUT_SIZE, REGION_BASE, REGION_SIZE, STATE_SIZE } from './layout.js';
import { sameOutcome, splitOutput, type Outcome } from './outcome.js';
import { encodeState } from './record.js';
import type { WrapperCase, WrapperProgram } from './wrapper.js';

const MEMORY = 16 << 20;
const STACK = 64 * 1024;
/** Marks the end of a case's instructions in Touchstone's copy of the program. */
const END_MARK = brk(0xd1ff);

/**
 * Runs the cases of a wrapper program in Touchstone by injecting each initial state and running
 * only the generated instructions (the wrapper's own loads and stores are not involved, so a
 * mismatch points at the generated rows). Memory layout and addresses match the program.
 * Call `dispose` to return the frames to `phys`.
 */
export class TouchstoneDirect {
  private readonly cpu: Cpu;
  private readonly space: AddressSpace;

  constructor(
    private readonly program: WrapperProgram,
    private readonly pristine: Uint8Array,
    phys: PhysicalMemory = new PhysicalMemory(MEMORY),
  ) {
    this.space = new AddressSpace(phys);
    loadLinuxElf(this.space, readElf(program.elf, 'cpu-diff wrapper'), { stackSize: STACK });
    const mark = new Uint8Array(new Uint32Array([END_MARK]).buffer);
    for (const slot of program.slots) this.space.poke(slot.end, mark);
    this.cpu = new Cpu(this.space);
  }

  dispose(): void {
    this.space.clear();
  }

  /** Runs case `index`; its outcome, or its stop as a signal. */
  run(index: number, c: WrapperCase): Outcome {
    const stopped = this.execute(index, c);
    if (stopped) return stopped;
    const out = new Uint8Array(CASE_OUTPUT_SIZE);
    out.set(encodeState(getState(this.cpu), false), 0);
    out.set(this.space.peek(REGION_BASE, REGION_SIZE), STATE_SIZE);
    return { kind: 'output', bytes: out };
  }

  /**
   * Runs case `index` and compares with `expected` without copying the scratch region when the
   * outputs agree. Returns null on a match, else Touchstone's outcome.
   */
  runAndCompare(index: number, c: WrapperCase, expected: Outcome): Outcome | null {
    const stopped = this.execute(index, c);
    if (stopped) return sameOutcome(stopped, expected) ? null : stopped;
    if (expected.kind === 'output' && this.outputEquals(expected.bytes)) return null;
    const out = new Uint8Array(CASE_OUTPUT_SIZE);
    out.set(encodeState(getState(this.cpu), false), 0);
    out.set(this.space.peek(REGION_BASE, REGION_SIZE), STATE_SIZE);
    return { kind: 'output', bytes: out };
  }

  private outputEquals(expected: Uint8Array): boolean {
    const rec = encodeState(getState(this.cpu), false);
    if (Buffer.compare(rec, expected.subarray(0, STATE_SIZE)) !== 0) return false;
    const bytes = this.space.phys.bytes;
    for (let off = 0; off < REGION_SIZE; off += PAGE_SIZE) {
      const frame = this.space.frameOf((REGION_BASE + off) / PAGE_SIZE);
      const page = bytes.subarray(frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
      const want = expected.subarray(STATE_SIZE + off, STATE_SIZE + off + PAGE_SIZE);
      if (Buffer.compare(page, want) !== 0) return false;
    }
    return true;
  }

  /** Runs the case's instructions; null when they reached the end, else the stop as an outcome. */
  private execute(index: number, c: WrapperCase): Outcome | null {
    const { cpu, space } = this;
    const slot = this.program.slots[index]!;
    space.poke(REGION_BASE, this.pristine);
    setState(cpu, c.state);
    cpu.pc = slot.start;
    let stop;
    try {
      stop = cpu.run(2 * c.words.length + 8);
    } catch (err) {
      return internalError(err);
    }
    if (stop.kind === 'brk' && stop.pc === slot.end) return null;
    if (stop.kind === 'budget') {
      return { kind: 'signal', signal: 'HANG', detail: `did not reach the end of the sequence (pc 0x${cpu.pc.toString(16)})` };
    }
    const [signal, detail] = describeStop(cpu, stop);
    const at = 'pc' in stop ? wordAt(space, stop.pc) : undefined;
    const row = at === undefined ? undefined : decode(at)?.row.name;
    return row === undefined ? { kind: 'signal', signal, detail } : { kind: 'signal', signal, detail, row };
  }
}

function wordAt(space: AddressSpace, pc: number): number | undefined {
  try {
    return space.fetch(pc);
  } catch {
    return undefined;
  }
}

/** An exception from the emulator itself (e.g. a row emitting invalid JavaScript). */
function internalError(err: unknown): Outcome {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { kind: 'signal', signal: 'INTERNAL-ERROR', detail: text.split('\n')[0]! };
}

export function setState(cpu: Cpu, s: MachineState): void {
  s.x.forEach((v, n) => cpu.setX(n, v));
  cpu.setX(31, s.sp);
  cpu.nzcv = s.nzcv;
  cpu.fpcr = s.fpcr;
  cpu.fpsr = s.fpsr;
  cpu.tpidr = s.tpidr;
  cpu.vb.set(s.v);
  cpu.exAddr = -1;
}

export function getState(cpu: Cpu): MachineState {
  return {
    x: Array.from({ length: 31 }, (_, n) => cpu.getX(n)),
    sp: cpu.getX(31),
    nzcv: cpu.nzcv >>> 0,
    fpcr: cpu.fpcr >>> 0,
    fpsr: cpu.fpsr >>> 0,
    tpidr: cpu.tpidr,
    v: cpu.vb.slice(),
  };
}

/** Runs the whole wrapper program (its own loads, stores and system calls too) in the linux personality. */
export function runTouchstoneElf(program: WrapperProgram, count: number): Outcome[] {
  const chunks: Uint8Array[] = [];
  let outcome;
  try {
    outcome = execLinuxElf(program.elf, 'cpu-diff wrapper', {
    io: { stdout: (b) => chunks.push(b), stderr: () => undefined },
    memoryBytes: MEMORY,
    maxInstructions: 1e10,
    });
  } catch (err) {
    const failed = internalError(err);
    return splitOutput(Buffer.concat(chunks), count, failed.kind === 'signal' ? failed : null);
  }
  const stdout = Buffer.concat(chunks);
  if (outcome.kind === 'exit' && outcome.status === 0) return splitOutput(stdout, count, null);
  const death =
    outcome.kind === 'signal'
      ? { signal: outcome.signal, detail: outcome.diagnostic }
      : outcome.kind === 'exit'
        ? { signal: 'EXIT', detail: `exited with status ${outcome.status}` }
        : { signal: 'HANG', detail: 'instruction limit reached' };
  return splitOutput(stdout, count, death);
}
