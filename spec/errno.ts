// errno names and numbers. Calls return the negated number in x0.
// The seed's "Error Codes" table lists the frequently observed values; the rest
// are the conventional (Linux/POSIX) numbers for errnos the spec's decisions use.

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ENOTSOCK: 88,
  EADDRINUSE: 98,
  ENETDOWN: 100,
  EHOSTUNREACH: 101,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
} as const;

export type ErrnoName = keyof typeof ERRNO;

export const ERRNO_NAMES: readonly ErrnoName[] = Object.keys(ERRNO) as ErrnoName[];

/** Short descriptions, for reports. */
export const ERRNO_TEXT: Readonly<Record<ErrnoName, string>> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file, directory or entry',
  ESRCH: 'no such process',
  EINTR: 'interrupted by a signal',
  EIO: 'input/output error',
  E2BIG: 'argument list too long',
  ENOEXEC: 'not an executable image',
  EBADF: 'bad handle',
  ECHILD: 'no such child',
  EAGAIN: 'try again (would block, or resource busy for now)',
  ENOMEM: 'out of memory or address space',
  EACCES: 'permission denied (capability, right or confinement)',
  EFAULT: 'bad user address',
  EBUSY: 'resource busy',
  EEXIST: 'already exists',
  ENODEV: 'no such device',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  EMFILE: 'handle table full',
  ENOTTY: 'not a terminal',
  EFBIG: 'too large',
  ENOSPC: 'no space left',
  ESPIPE: 'not seekable',
  EROFS: 'read-only filesystem',
  EPIPE: 'peer closed',
  ERANGE: 'result does not fit',
  ENAMETOOLONG: 'string too long',
  ENOSYS: 'not implemented',
  ENOTEMPTY: 'directory not empty',
  ENOTSOCK: 'not a socket',
  EADDRINUSE: 'address in use',
  ENETDOWN: 'network down',
  EHOSTUNREACH: 'no route to host',
  ENOTCONN: 'not connected',
  ETIMEDOUT: 'timed out',
  ECONNREFUSED: 'connection refused',
};

export function isErrnoName(name: string): name is ErrnoName {
  return Object.prototype.hasOwnProperty.call(ERRNO, name);
}

export function errnoNumber(name: ErrnoName): number {
  return ERRNO[name];
}

const BY_NUMBER: ReadonlyMap<number, ErrnoName> = new Map(
  ERRNO_NAMES.map((name) => [ERRNO[name], name] as const),
);

export function errnoName(num: number): ErrnoName | undefined {
  return BY_NUMBER.get(num < 0 ? -num : num);
}

/** The x0 value a failing call returns for `name` (negative). */
export function errnoReturn(name: ErrnoName): number {
  return -ERRNO[name];
}
