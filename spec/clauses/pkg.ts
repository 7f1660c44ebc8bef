// Package store.

import type { Clause } from '../types.js';
import { decide, seed, swiftOs } from './make.js';

const STORE = swiftOs('kernel/pkg/store.swift');

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
  decide('PKG.REMOVE.MISSING', 'pkg_remove of a package that is not active fails with ENOENT.', STORE, 'Consistent with pkg_files.'),
  decide('PKG.STREAM.NONE', 'write, commit or abort with no stream in progress (or from another process) fail with EAGAIN.', STORE, 'Same answer as the update stream.'),
  decide('PKG.STREAM.SIZE', 'Writing beyond the declared payload size fails with EFBIG.', STORE, 'The descriptor fixes the size.'),
  decide('PKG.STREAM.HASH', 'commit with a payload of the wrong size or SHA-256 fails with EINVAL and drops the stream.', STORE, 'Validation failure.'),
];
