// Package containers and payload images (reference-kernel/swiftos/pkg/format.ts): .swpkg
// headers, SWOSBASE v2 payloads and base-image headers. Failures are null.

import { baseImageHeader, parsePayload, unpackSwpkg } from '../../reference-kernel/swiftos/pkg/format.js';
import { baseImage, packImage, packSwpkg } from '../../reference-kernel/swiftos/pkg/pkg.testkit.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

export function fuzz(buf: Buffer): void {
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const payload = unpackSwpkg(bytes);
  parsePayload(payload ?? bytes);
  baseImageHeader(bytes);
}

function seeds(): Uint8Array[] {
  const image = packImage([{ path: 'usr', kind: 'dir' }, { path: 'usr/bin', kind: 'dir' }, { path: 'usr/bin/hello', data: 'hi\n', mode: 0o755 }]);
  return [image, packSwpkg(image), baseImage(4096)];
}

export const documented = nothingThrown;

export const pkgTarget: ByteTarget = {
  name: 'pkg',
  parser: 'reference-kernel/swiftos/pkg/format.ts unpackSwpkg, parsePayload, baseImageHeader',
  documentedError: 'none: failures are null',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6, 0x80),
};
