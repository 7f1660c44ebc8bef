import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disassemble } from '../disasm.js';
import { decode } from '../isa/table.js';

const OBJDUMP = 'aarch64-linux-gnu-objdump';

let available: boolean | undefined;

/** Whether GNU objdump for AArch64 is installed (Debian binutils-aarch64-linux-gnu). */
export function hasObjdump(): boolean {
  if (available === undefined) {
    try {
      execFileSync(OBJDUMP, ['--version'], { stdio: 'ignore' });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * objdump's text for each word (placed at `pc`, `pc+4`, ...): mnemonic, a tab, operands, with
 * trailing comments (`// ...`) and symbol annotations (`<...>`) removed.
 */
export function objdumpWords(words: readonly number[], pc = 0): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ts-objdump-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, new Uint8Array(new Uint32Array(words.map((w) => w >>> 0)).buffer));
    const out = execFileSync(
      OBJDUMP,
      ['-D', '-b', 'binary', '-m', 'aarch64', `--adjust-vma=0x${pc.toString(16)}`, file],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const texts: string[] = [];
    for (const line of out.split('\n')) {
      const m = /^\s*[0-9a-f]+:\t[0-9a-f]{8} \t(.*)$/.exec(line);
      if (!m) continue;
      texts.push(normalize(m[1]!));
    }
    if (texts.length !== words.length) {
      throw new Error(`objdump printed ${texts.length} instructions for ${words.length} words`);
    }
    return texts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Drops objdump's comments and symbol annotations, and trailing blanks. */
export function normalize(text: string): string {
  return text
    .replace(/\s*\/\/.*$/, '')
    .replace(/\s*<[^>]*>\s*$/, '')
    .replace(/\s+$/, '');
}

/**
 * Lines `word row: ours | objdump` for every word whose disassembly (at pc, pc+4, ...) differs
 * from GNU objdump's. `excuse` may accept a known, documented difference.
 */
export function disasmMismatches(
  words: readonly number[],
  pc = 0,
  excuse?: (word: number, ours: string, theirs: string) => boolean,
): string[] {
  const expected = objdumpWords(words, pc);
  const out: string[] = [];
  words.forEach((w, i) => {
    const theirs = expected[i]!;
    const ours = disassemble(w, pc + 4 * i);
    if (ours === theirs || excuse?.(w, ours, theirs)) return;
    out.push(`${(w >>> 0).toString(16).padStart(8, '0')} ${decode(w)?.row.name ?? '-'}: ${ours} | objdump: ${theirs}`);
  });
  return out;
}
