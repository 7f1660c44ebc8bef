import type { KObject } from '../handles.js';
import type { OpenFile } from '../vfs/index.js';

/**
 * A handle's view of an open file description (kind file or directory). Handles made by dup,
 * fork and transfers share it, and with it the offset (FS.LSEEK.SHARED); the last release closes
 * the description (FD.CLOSE.LAST).
 */
export class FileObject implements KObject {
  readonly kind: 'file' | 'directory';
  private refs = 0;

  constructor(readonly file: OpenFile) {
    this.kind = file.handleKind;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.file.close();
  }
}
