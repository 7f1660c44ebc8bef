// Default text of the base image's /etc files. /etc/swos/passwd and /etc/swos/sudoers are rendered
// in the formats of spec/identity-files.ts (SEC.PASSWD.FORMAT, SEC.SUDOERS.FORMAT). The principals
// and caps are the seed's (SEC.PRINCIPALS); the passwords are the swift-os development ones: root
// and user "swordfish", guest "guest".

import { renderPasswd, renderSudoers, SEEDED_PRINCIPAL_CAPS, type PasswdEntry } from '../../../spec/index.js';

export const MOTD_TEXT = 'Welcome to SwiftOS (Touchstone reference kernel).\n';

export const HOSTNAME_TEXT = 'swiftos\n';

const account = (name: 'root' | 'user' | 'guest', principal: number, salt: string, hash: string): PasswdEntry => ({
  name, principal, session: principal, caps: SEEDED_PRINCIPAL_CAPS[name], salt, hash, shell: '/bin/sh',
});

export const DEFAULT_ACCOUNTS: readonly PasswdEntry[] = [
  account('root', 1, 'ts-root-1', 'dc407547610f6ea3607004fe040ff3fa7223e7d3958a17b2e3ab89e09a69b061'),
  account('user', 2, 'ts-user-2', '1638472ccfd375ffef1e3cd7adb53e7a32e4413e0c11dd1a0ff470e9371943a5'),
  account('guest', 3, 'ts-guest-3', 'b01b96365f0f78441c88f6b6a99a51b32e975d5681e918c4d77c7f34040b03d8'),
];

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

export const PASSWD_TEXT = latin1(renderPasswd(DEFAULT_ACCOUNTS, ['name:principal:session:caps:salt$sha256(salt+password):shell']));

export const SUDOERS_TEXT = latin1(renderSudoers([{ name: 'user', commands: 'ALL' }], ['name commands (ALL, or comma-separated absolute paths); root is always allowed']));
