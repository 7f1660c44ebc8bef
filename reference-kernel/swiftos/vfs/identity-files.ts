// Default text of the base image's /etc files. Formats follow swift-os (facts only):
// passwd lines are name:principal:session:caps:salt$sha256hex:shell, where the hash is
// SHA-256(salt + password) in lowercase hex and caps is decimal; sudoers lines are
// "name commands" with commands ALL or comma-separated absolute paths; "#" starts a comment.
// The principals and caps are the seed's (SEC.PRINCIPALS); the passwords are the swift-os
// development ones: root and user "swordfish", guest "guest".

export const MOTD_TEXT = 'Welcome to SwiftOS (Touchstone reference kernel).\n';

export const HOSTNAME_TEXT = 'swiftos\n';

export const PASSWD_TEXT = [
  '# name:principal:session:caps:salt$sha256(salt+password):shell',
  'root:1:1:63:ts-root-1$dc407547610f6ea3607004fe040ff3fa7223e7d3958a17b2e3ab89e09a69b061:/bin/sh',
  'user:2:2:14:ts-user-2$1638472ccfd375ffef1e3cd7adb53e7a32e4413e0c11dd1a0ff470e9371943a5:/bin/sh',
  'guest:3:3:2:ts-guest-3$b01b96365f0f78441c88f6b6a99a51b32e975d5681e918c4d77c7f34040b03d8:/bin/sh',
  '',
].join('\n');

export const SUDOERS_TEXT = [
  '# name commands (ALL, or comma-separated absolute paths); root is always allowed',
  'user ALL',
  '',
].join('\n');
