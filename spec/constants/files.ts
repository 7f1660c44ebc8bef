// Open flags, lseek whence, stat mode bits, dirent d_type.

import type { ConstGroup } from '../types.js';
import { fromLinux, fromSeed, fromSwiftOs } from './source.js';

/** Access mode: the low two bits of the open flags. 3 is not a valid mode. */
export const OPEN_ACCESS: ConstGroup = {
  name: 'OPEN_ACCESS',
  kind: 'enum',
  members: [
    { name: 'O_RDONLY', value: 0 },
    { name: 'O_WRONLY', value: 1 },
    { name: 'O_RDWR', value: 2 },
  ],
  source: fromSeed('Open Flags'),
  note: 'O_ACCMODE = 3 masks the access mode; the value 3 is rejected with EINVAL (clause FS.OPEN.ACCMODE).',
};

export const OPEN_FLAGS: ConstGroup = {
  name: 'OPEN_FLAGS',
  kind: 'flags',
  members: [
    { name: 'O_CREAT', value: 0x40, note: 'create a tmpfs file if missing' },
    { name: 'O_TRUNC', value: 0x80, note: 'truncate a writable file' },
    { name: 'O_APPEND', value: 0x100, note: 'every write appends' },
    { name: 'O_CLOEXEC', value: 0x200, note: 'close on exec' },
    { name: 'O_NONBLOCK', value: 0x4000, note: 'status flag, also settable through fcntl F_SETFL' },
  ],
  source: fromSeed('Open Flags'),
};

export const SEEK_WHENCE: ConstGroup = {
  name: 'SEEK_WHENCE',
  kind: 'enum',
  members: [
    { name: 'SEEK_SET', value: 0 },
    { name: 'SEEK_CUR', value: 1 },
    { name: 'SEEK_END', value: 2 },
  ],
  source: fromSwiftOs('kernel/vfs/vfs.swift'),
};

export const MODE_TYPE: ConstGroup = {
  name: 'MODE_TYPE',
  kind: 'values',
  members: [
    { name: 'S_IFMT', value: 0xf000, note: 'mask' },
    { name: 'S_IFREG', value: 0x8000 },
    { name: 'S_IFDIR', value: 0x4000 },
    { name: 'S_IFCHR', value: 0x2000 },
    { name: 'S_IFIFO', value: 0x1000 },
  ],
  source: fromSeed('struct stat'),
};

/** Permission bits accepted by chmod (and reported in st_mode). */
export const MODE_PERM: ConstGroup = {
  name: 'MODE_PERM',
  kind: 'flags',
  members: [
    { name: 'S_ISUID', value: 0o4000, note: 'setuid: honoured only on read-only base-image files' },
    { name: 'S_ISGID', value: 0o2000 },
    { name: 'S_ISVTX', value: 0o1000 },
    { name: 'S_IRUSR', value: 0o400 },
    { name: 'S_IWUSR', value: 0o200 },
    { name: 'S_IXUSR', value: 0o100 },
    { name: 'S_IRGRP', value: 0o40 },
    { name: 'S_IWGRP', value: 0o20 },
    { name: 'S_IXGRP', value: 0o10 },
    { name: 'S_IROTH', value: 0o4 },
    { name: 'S_IWOTH', value: 0o2 },
    { name: 'S_IXOTH', value: 0o1 },
  ],
  source: fromLinux('inode(7)'),
  note: 'The seed names octal 4000 as the setuid bit; the other bits are the conventional ones.',
};

export const D_TYPE: ConstGroup = {
  name: 'D_TYPE',
  kind: 'enum',
  members: [
    { name: 'DT_UNKNOWN', value: 0, note: 'decision: never produced by the reference kernel' },
    { name: 'DT_FIFO', value: 1, note: 'decision (Linux value)' },
    { name: 'DT_CHR', value: 2, note: 'decision (Linux value): /dev nodes' },
    { name: 'DT_DIR', value: 4, note: 'seed' },
    { name: 'DT_REG', value: 8, note: 'seed' },
  ],
  source: fromSeed('struct dirent'),
  note: 'The seed lists 4 and 8 as the values currently used; 1 and 2 are taken from Linux for /dev (clause FS.GETDENTS.DTYPE).',
};
