/** ELF64 constants used by the reader and writer (System V gABI, AArch64 ELF ABI). */
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_AARCH64 = 183;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_GNU_STACK = 0x6474e551;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
