// Cases the generator can make but leaves out of the suite because the reference kernel does not
// do what the spec says (reported to the kernel's owners; each entry says what differs). The
// cells they would hit are covered by other cases.

export interface LeftOut {
  readonly id: string;
  readonly reason: string;
}

/** Empty: the differences found while writing the matrix are fixed in the kernel. */
export const LEFT_OUT: readonly LeftOut[] = [];

const IDS: ReadonlySet<string> = new Set(LEFT_OUT.map((l) => l.id));

export function isLeftOut(id: string): boolean {
  return IDS.has(id);
}
