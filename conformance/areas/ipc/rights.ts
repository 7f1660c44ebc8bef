// The rights tables: kind × requested mask × path, and chains of two or three transfers.

import type { CaseDef } from '../../model.js';
import { ALL_INHERIT, prng, R, RIGHT_ALL } from './kit.js';
import { KINDS, type Kind } from './kinds.js';
import { transferCase, type Hop } from './transfer.js';

/** The two kinds that get every one of the 256 masks. */
const FULL_KINDS: readonly string[] = ['socketpair', 'file-rw'];

const BITS: readonly number[] = Object.values(R);

/** A spread of masks: none, all, the inherit sentinel, each right alone, each right left out, high bits. */
export const SPREAD: readonly number[] = [
  0, RIGHT_ALL, ALL_INHERIT,
  ...BITS,
  ...BITS.map((b) => RIGHT_ALL & ~b),
  0xffff_ff00, (0x100 | R.READ | R.TRANSFER) >>> 0,
];

/** Masks for moves after an attenuating send: all keep TRANSFER so the second hop can move. */
const WITH_TRANSFER: readonly number[] = [
  ALL_INHERIT, R.TRANSFER, R.TRANSFER | R.READ | R.WRITE, R.TRANSFER | R.DUPLICATE | R.GETATTR | R.SETATTR,
  RIGHT_ALL & ~R.GETATTR, RIGHT_ALL & ~R.DUPLICATE,
];

/** Masks before fork: fork copies whatever is held. */
const BEFORE_FORK: readonly number[] = [
  ALL_INHERIT, 0, R.READ | R.WRITE, R.DUPLICATE | R.GETATTR | R.SETATTR, RIGHT_ALL & ~R.READ, RIGHT_ALL & ~R.WRITE,
];

function every256(): number[] {
  return Array.from({ length: 256 }, (_, m) => m);
}

export function defaultRightsCases(): CaseDef[] {
  return KINDS.map((k) => transferCase(k, [], 'rights/default'));
}

export function maskCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const via of ['send', 'spawn'] as const) {
    for (const k of KINDS) {
      const masks = FULL_KINDS.includes(k.name) ? [...every256(), ALL_INHERIT, 0xffff_ff00 | R.READ | R.TRANSFER] : SPREAD;
      for (const mask of masks) out.push(transferCase(k, [{ via, mask: mask >>> 0 }], `rights/${via}-mask`));
    }
  }
  return out;
}

/** fork, ipc_call and ipc_reply_recv: directly, and after an attenuating ipc_send. */
export function movePathCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const k of KINDS) {
    out.push(transferCase(k, [{ via: 'fork' }], 'rights/fork'));
    for (const mask of BEFORE_FORK) out.push(transferCase(k, [{ via: 'send', mask }, { via: 'fork' }], 'rights/fork'));
    for (const via of ['call', 'reply'] as const) {
      out.push(transferCase(k, [{ via }], `rights/${via}`));
      for (const mask of WITH_TRANSFER) out.push(transferCase(k, [{ via: 'send', mask }, { via }], `rights/${via}`));
    }
  }
  return out;
}

/** Random chains of two or three transfers (seeded per kind), including hops that lack TRANSFER. */
export function chainCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const seen = new Set<string>();
  KINDS.forEach((k: Kind, ki) => {
    const rnd = prng(0x1c0ffee + ki * 7919);
    const mask = (): number => {
      const x = rnd();
      if (x < 0.1) return ALL_INHERIT;
      const m = Math.floor(rnd() * 256);
      return x < 0.7 ? m | R.TRANSFER : m;
    };
    let made = 0;
    for (let tries = 0; made < 10 && tries < 100; tries++) {
      const length = rnd() < 0.5 ? 2 : 3;
      const hops: Hop[] = [];
      for (let i = 0; i < length - 1; i++) hops.push({ via: 'send', mask: mask() });
      const last = Math.floor(rnd() * 5);
      hops.push(
        last === 0 ? { via: 'send', mask: mask() }
          : last === 1 ? { via: 'spawn', mask: mask() }
            : last === 2 ? { via: 'fork' }
              : last === 3 ? { via: 'call' }
                : { via: 'reply' },
      );
      const c = transferCase(k, hops, 'rights/chain');
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
      made++;
    }
  });
  return out;
}
