import { decode } from './isa/table.js';

/** objdump-style text for one instruction word at `pc` (`.inst 0x...` when not decodable). */
export function disassemble(word: number, pc = 0): string {
  const d = decode(word);
  if (d === null) return `.inst\t0x${(word >>> 0).toString(16).padStart(8, '0')}`;
  return d.row.disasm(d.fields, pc);
}

/** Lines of `address: word  text` for a run of words starting at `pc`. */
export function disassembleRange(words: ArrayLike<number>, pc: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]! >>> 0;
    const a = pc + 4 * i;
    out.push(`${a.toString(16).padStart(8, ' ')}:\t${w.toString(16).padStart(8, '0')} \t${disassemble(w, a)}`);
  }
  return out;
}
