// Package store.

import type { Clause } from '../types.js';
import { decide, seed, swiftOs } from './make.js';

const STORE = swiftOs('kernel/pkg/store.swift');
const SWPKG = swiftOs('docs/SWPKG_FORMAT.md');
const PACKFS = swiftOs('tools/packfs.swift');
const PKGSTORE = swiftOs('docs/PKGSTORE_FORMAT.md');

export const PKG_CLAUSES: readonly Clause[] = [
  seed('PKG.INSTALL', 'Package Store API', 'pkg_install appends the package payload, writes a new activation record, moves the active pointer and mounts the active package view.'),
  seed('PKG.REMOVE', 'Package Store API', 'pkg_remove appends an activation record without the package and makes it the next boot\'s generation.'),
  seed('PKG.REMOVE.REBOOT', 'Package Store API', 'Removed package payloads stay mounted until reboot.'),
  seed('PKG.STREAM.BEGIN', 'Package Store API', 'pkg_stream_begin starts a repository install from a descriptor naming the package, revision, payload size and SHA-256.'),
  seed('PKG.STREAM.WRITE', 'Package Store API', 'pkg_stream_write appends payload bytes straight to the store.'),
  seed('PKG.STREAM.COMMIT', 'Package Store API', 'pkg_stream_commit validates the payload and activates the package.'),
  seed('PKG.STREAM.ABORT', 'Package Store API', 'pkg_stream_abort drops the mutation in progress.'),
  seed('PKG.ROOT', 'Package Store API', 'The caller must be the root principal; others get EACCES (-13).'),
  seed('PKG.NOSTORE', 'Package Store API', 'Without a package-store block device the calls fail with ENOENT (-2).'),
  seed('PKG.BUSY', 'Package Store API', 'Only one store mutation runs at a time; a concurrent one fails with EAGAIN (-11).'),
  seed('PKG.NAMES', 'Package Store API', 'name is 1..31 bytes and version_revision 1..15 bytes.'),
  seed('PKG.FORMAT', 'Package Store API', 'The package must be unsigned SWPKG001 v1 with valid manifest and payload hashes, and its payload a packed SWOSBASE v2 image.'),
  seed('PKG.SIGNATURES', 'Package Store API', 'Repository signatures and download hashes are checked by /bin/pkg, not by these calls.'),
  seed('PKG.INFO', 'Package Store API', 'pkg_info writes "name-version_revision" with a NUL for the package at an index and returns the length without the NUL.'),
  seed('PKG.INFO.MISSING', 'Package Store API', 'pkg_info for a missing index fails with ENOENT.'),
  seed('PKG.FILES', 'Package Store API', 'pkg_files writes the package\'s absolute paths, newline-separated, and returns the bytes needed for the whole list.'),
  seed('PKG.FILES.MISSING', 'Package Store API', 'pkg_files for a package that is not active fails with ENOENT.'),
  seed('PKG.FILES.SIZE', 'Package Store API', 'cap 0 is allowed and reports the size without writing.'),
  decide('PKG.REMOVE.MISSING', 'pkg_remove of a package that is not in the next boot\'s generation fails with ENOENT.', STORE, 'Consistent with pkg_files; the store looks the name up in the generation it is about to replace.'),
  decide('PKG.STREAM.NONE', 'write, commit or abort with no stream in progress (or from another process) fail with EAGAIN.', STORE, 'Same answer as the update stream.'),
  decide('PKG.STREAM.SIZE', 'Writing beyond the declared payload size fails with EFBIG, stores nothing of that write and drops the stream (a later call finds none: PKG.STREAM.NONE).', STORE, 'The descriptor fixes the size; swift-os drops the stream on every failed write.'),
  decide('PKG.STREAM.HASH', 'commit with a payload of the wrong size or SHA-256 fails with EINVAL and drops the stream.', STORE, 'Validation failure.'),
  decide(
    'PKG.ORDER',
    'Argument checks come first (ABI.CHECK.ORDER). pkg_install, pkg_remove and pkg_stream_begin then check the root principal (PKG.ROOT), the store (PKG.NOSTORE), a mutation in progress (PKG.BUSY), and last the request itself (names, format, space, mount conflicts, the package\'s presence). pkg_info and pkg_files need neither root nor a store: without one no package is active (PKG.INFO.MISSING, PKG.FILES.MISSING). Stream write, commit and abort only look for the caller\'s own stream (PKG.STREAM.NONE).',
    STORE, 'swift-os checks root, then the store device, then the mutation lock, then names and contents; the stream calls only check the stream owner.',
  ),
  decide(
    'PKG.FORMAT.HEADER',
    'A .swpkg file is a 128-byte swpkg_header, the manifest and the payload: magic "SWPKG001", version 1, header_size 128, manifest_offset 128, payload_offset = manifest_offset + manifest_size, both sizes non-zero and inside the file, signature offset and size 0. The kernel checks the manifest only by size and SHA-256; it reads the file from offset 0 whatever the handle\'s offset and leaves that offset alone. Anything else fails EINVAL (PKG.FORMAT); so does a handle that is not a regular file.',
    SWPKG, 'The P1 container layout; the kernel-side checks are those of swift-os pkgStoreInstall, which reads at explicit offsets.',
  ),
  decide(
    'PKG.PAYLOAD',
    'A payload is a packed SWOSBASE version-2 image: a swosbase_header with header_size 64, entry_size 40 and 1..8192 entries, entry, string and data ranges inside the payload; each swosbase_entry of kind 1 (directory) or 2 (file) with flags 0, a NUL-terminated path inside the string table, relative, normalized, unique, under "usr/", at most 1024 bytes with components of at most 255, and file data inside the data section. A payload that breaks any of these fails EINVAL (PKG.FORMAT).',
    PACKFS, 'The packed-image rules of packfs; "P1 packages install under /usr" (SWPKG_FORMAT.md) keeps package files apart from the base image\'s own directories.',
  ),
  decide(
    'PKG.MOUNT',
    'An activated package\'s entries appear read-only (EROFS for writes, FS.BASE.ERRNO) at "/" + their path: files with the entry\'s permission bits (mode & 0777: set-id bits are dropped) and owner, directories likewise unless the directory already exists; missing parents are made 0755, owner root. A file of a later package at the same path replaces the earlier one. A payload path that would pass through an existing non-directory, or put a file where a directory is (or the reverse), fails EINVAL and changes nothing.',
    swiftOs('kernel/vfs/vfs.swift'), 'swift-os mounts active payloads beside the base image at their absolute paths (/usr/bin/pkghello); it does not live-unmount.',
  ),
  decide(
    'PKG.INSTALL.REPLACE',
    'Installing a name that is already active replaces that package in place (same pkg_info index) in the mounted view and in the next boot\'s generation; a new name is appended at the end of both. pkg_info indexes the mounted view in activation order.',
    STORE, 'One version per name keeps pkg_info and pkg_files unambiguous; swift-os keeps activation entries in order and appends new payloads.',
  ),
  decide(
    'PKG.REMOVE.NEXT',
    'pkg_remove takes the name out of the next boot\'s generation only: until reboot pkg_info, pkg_files and the mounted files still show the package (PKG.REMOVE.REBOOT), while a second pkg_remove of the name fails ENOENT (PKG.REMOVE.MISSING). Installing the name again puts it back into the next generation.',
    PKGSTORE, 'The current VFS does not live-unmount payloads; the removal is effective after reboot with the same store.',
  ),
  decide(
    'PKG.INFO.TRUNCATE',
    'When cap is smaller than the string plus its NUL, pkg_info writes the first cap - 1 bytes and a NUL (nothing when cap is 0) and still returns the whole length.',
    STORE, 'swift-os truncates and terminates; the seed fixes the return value as the bytes that would be written.',
  ),
  decide(
    'PKG.FILES.LIST',
    'The list has one line per regular-file entry of the payload, in entry order: "/" + the entry\'s path + "\\n"; directories are not listed. With cap smaller than the list, the first cap bytes are written (no NUL) and the whole size is returned.',
    STORE, 'swift-os pkgStoreActiveFiles emits files only, prefixing "/".',
  ),
  decide(
    'PKG.STORE.FULL',
    'The store is append-only with a fixed capacity: an install whose payload does not fit the bytes left (the payloads appended so far count, removed ones too; a stream reserves its declared size at begin and returns it on abort or failure) fails ENOSPC, as does activating a 33rd package.',
    PKGSTORE, 'swift-os returns -28 when a record does not fit the device or an activation would exceed 32 payloads.',
  ),
  decide(
    'PKG.STREAM.EXIT',
    'A stream belongs to the process that began it; when that process ends the stream is dropped and the store is free again.',
    STORE, 'Otherwise a crashed /bin/pkg would keep the store busy until reboot.',
  ),
];
