// Random IPC programs: structured random arguments for the IPC rows (records with random field
// values, real and forged tokens, several processes) must never panic the kernel, and every
// endpoint's end counts must match the handles, messages, replies and pins that name it.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../../cpu/testgen/prng.js';
import type { Handle } from '../handles.js';
import { Kernel } from '../kernel.js';
import { Prog } from '../testkit.js';
import { Endpoint, EndpointEnd, ipcState } from './endpoint.js';
import { ALL_INHERIT, callMsg, copy64, recvMsg, replyRecvMsg, sendMsg } from './ipc.testkit.js';

const PROGRAMS = 100;
const IPC_ROWS = new Set(['endpoint_create', 'ipc_send', 'ipc_recv', 'ipc_call', 'ipc_reply_recv', 'ipc_badge', 'name_register', 'name_lookup', 'socketpair']);
const OPS = 40;

function fdOf(rng: Prng): number {
  return rng.chance(0.9) ? rng.range(3, 12) : rng.pick([-1, 0, 1, 511, 512, 0x7fff_ffff]);
}

function lenOf(rng: Prng): number {
  return rng.pick([0, 1, 7, 255, 256, 257, 4096]);
}

/** One random program; fds are small so calls often hit real objects. */
function randomProgram(seed: number): Prog {
  const rng = new Prng(seed);
  const p = new Prog();
  const scratch = p.space(512);
  const tokens: number[] = []; // out_reply_port addresses of earlier receives
  const names = ['a', 'bb', 'svc', 'x'].map((n) => p.str(n));
  let forks = 0;
  for (let i = 0; i < OPS; i++) {
    const op = rng.below(14);
    switch (op) {
      case 0:
        p.sys('endpoint_create', rng.chance(0.95) ? scratch : 0x10);
        break;
      case 1:
        p.sys('socketpair', scratch, rng.pick([0, 1, 2, 3, 4]));
        break;
      case 2: {
        const len = lenOf(rng);
        const m = sendMsg(p, { buf: rng.chance(0.9) ? scratch : 0x10, len: Math.min(len, 512), handleFd: rng.chance(0.5) ? fdOf(rng) : -1, rights: rng.chance(0.5) ? ALL_INHERIT : rng.below(256) });
        p.sys('ipc_send', fdOf(rng), m);
        break;
      }
      case 3:
        p.sys('ipc_recv', fdOf(rng), recvMsg(p, { cap: lenOf(rng) % 300, badge: rng.chance(0.5) }).rec);
        break;
      case 4:
        p.sys('ipc_call', fdOf(rng), callMsg(p, { data: 'c', handleFd: rng.chance(0.3) ? fdOf(rng) : -1, replyCap: rng.below(300) }).rec);
        break;
      case 5: {
        const prev = tokens.length > 0 && rng.chance(0.7) ? rng.pick(tokens) : null;
        const rr = replyRecvMsg(p, {
          token: prev === null ? rng.pick([0n, 1n, 0x1_0000_0001n, rng.u64()]) : 0n,
          data: 'r', replyHandleFd: rng.chance(0.3) ? fdOf(rng) : -1, recvCap: rng.below(300),
        });
        if (prev !== null) copy64(p, prev, rr.rec);
        tokens.push(rr.outToken);
        p.sys('ipc_reply_recv', fdOf(rng), rr.rec);
        break;
      }
      case 6:
        p.sys('ipc_badge', fdOf(rng), rng.u32());
        break;
      case 7:
        p.sys('name_register', rng.pick(names), fdOf(rng));
        break;
      case 8:
        p.sys('name_lookup', rng.pick(names));
        break;
      case 9:
        p.sys('close', fdOf(rng));
        break;
      case 10:
        p.sys(rng.chance(0.5) ? 'read' : 'write', fdOf(rng), scratch, rng.pick([0, 1, 100, 600]));
        break;
      case 11:
        if (forks < 2) {
          forks++;
          p.sys('fork');
        }
        break;
      case 12:
        p.sys('nanosleep', 0, rng.below(3) * 1_000_000);
        break;
      default:
        p.sys('kill', rng.range(2, 4), rng.pick([9, 10, 13, 15]));
    }
  }
  p.exit(0);
  return p;
}

/** Every end count equals the references that exist: handles, in-flight handles, replies, pins. */
function checkCounts(k: Kernel): void {
  const counted = new Map<Endpoint, { send: number; recv: number }>();
  const seen = new Set<Endpoint>();
  const add = (h: Handle): void => {
    if (!(h.object instanceof EndpointEnd)) return;
    const ep = h.object.endpoint;
    const c = counted.get(ep) ?? { send: 0, recv: 0 };
    c[h.object.end]++;
    counted.set(ep, c);
    if (!seen.has(ep)) {
      seen.add(ep);
      if (ep.slot?.handle) add(ep.slot.handle);
      for (const port of ep.ports) if (port.reply?.handle) add(port.reply.handle);
    }
  };
  for (const proc of k.processes.values()) {
    if (proc.state !== 'live') continue;
    for (const [, h] of k.handles(proc).entries()) add(h);
  }
  for (const end of ipcState(k).names.published()) add({ object: end, rights: 0, cloexec: false });
  for (const [ep, c] of counted) expect({ send: ep.sendRefs, recv: ep.recvRefs }).toEqual(c);
  expect(ipcState(k).liveEndpoints).toBeGreaterThanOrEqual(0);
  expect(ipcState(k).liveEndpoints).toBeLessThanOrEqual(16);
}

describe('IPC under random arguments', () => {
  it(`${PROGRAMS} random IPC programs: no kernel panic; end counts match their references`, () => {
    const verdicts = new Map<string, number>();
    let succeeded = 0;
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const k = new Kernel({
        maxInstructions: 2_000_000,
        memoryBytes: 8 << 20,
        onSyscall: (ev) => {
          if (ev.outcome === 'return' && ev.ret! >= 0n && IPC_ROWS.has(ev.name)) succeeded++;
        },
      });
      k.boot(randomProgram(seed).elf(), 'fuzz');
      const r = k.run();
      if (r.verdict.kind === 'panic') throw new Error(`seed ${seed}: ${r.verdict.detail}`);
      verdicts.set(r.verdict.kind, (verdicts.get(r.verdict.kind) ?? 0) + 1);
      checkCounts(k);
    }
    // The programs reach the interesting states: many calls succeed, and runs end in several ways.
    expect(succeeded).toBeGreaterThan(PROGRAMS * 5);
    expect(verdicts.size).toBeGreaterThan(1);
  });
});
