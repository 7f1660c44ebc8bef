// The simulated network's configuration (NET.MACHINE): boot options over the spec's defaults.

import { constValue, NET_IPV6 } from '../../../spec/index.js';

/** BootOptions.network: the machine's network interface. Every field is optional. */
export interface NetworkOptions {
  /** Whether the interface is up (default true). Down: socket fails ENETDOWN, resolve returns 0 (NET.DOWN). */
  readonly up?: boolean;
  /** Names the DNS server knows besides "localhost": name → host-order IPv4 (NET.RESOLVE.NAMES). */
  readonly hosts?: Readonly<Record<string, number>>;
}

/** The resolved configuration one kernel runs with. */
export interface NetConfig {
  readonly up: boolean;
  readonly ipv4: number;
  readonly mask4: number;
  readonly gateway4: number;
  readonly dns4: number;
  readonly ipv6: Uint8Array;
  readonly gateway6: Uint8Array;
  readonly prefix6: number;
  /** Lower-case name → host-order IPv4. */
  readonly hosts: ReadonlyMap<string, number>;
}

const address = (name: string): number => constValue('NET_ADDRESSES', name) >>> 0;

export const LOOPBACK4 = address('NET_LOOPBACK4');
export const LOOPBACK6 = Uint8Array.from(NET_IPV6.loopback);

/** ASCII lower case: DNS names match without regard to case (NET.RESOLVE.NAMES). */
export function foldName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function netConfig(opts: NetworkOptions | undefined): NetConfig {
  const hosts = new Map<string, number>([['localhost', LOOPBACK4]]);
  for (const [name, ip] of Object.entries(opts?.hosts ?? {})) hosts.set(foldName(name), ip >>> 0);
  return {
    up: opts?.up ?? true,
    ipv4: address('NET_IPV4'),
    mask4: address('NET_MASK4'),
    gateway4: address('NET_GATEWAY4'),
    dns4: address('NET_DNS4'),
    ipv6: Uint8Array.from(NET_IPV6.address),
    gateway6: Uint8Array.from(NET_IPV6.gateway),
    prefix6: constValue('NET_ADDRESSES', 'NET_PREFIX6'),
    hosts,
  };
}
