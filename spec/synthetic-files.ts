// Formats of the synthetic files the extensions add: /proc (PROCFS.*) and /net (NETFS.*).
// Each has an EBNF grammar (the contract) and an equivalent regular expression (for checks).

export interface SyntheticFile {
  /** Path pattern; <pid>, <family>, <type>, <id> are placeholders. */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly access: 'read' | 'write' | 'read-write' | 'open';
  readonly grammar: string;
  /** A regular expression accepting exactly the grammar's sentences. */
  readonly pattern: RegExp;
  readonly example: string;
  readonly clause: string;
}

const COMMON = `
dec   = "0" | nonzero , { digit } ;
nonzero = "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" ;
digit = "0" | nonzero ;
NL    = "\\n" ;
NUL   = "\\0" ;`;

export const PROCFS_FILES: readonly SyntheticFile[] = [
  {
    path: '/proc',
    kind: 'directory',
    access: 'read',
    grammar: 'entries = "self" , { pid-dir } ; (* getdents names: one decimal directory per process, increasing *)',
    pattern: /^(?:self|0|[1-9][0-9]*)$/,
    example: 'self',
    clause: 'PROCFS.DIRS',
  },
  {
    path: '/proc/<pid>/cmdline',
    kind: 'file',
    access: 'read',
    grammar: `cmdline = { arg , NUL } ;
arg     = { byte - NUL } ;${COMMON}`,
    pattern: /^(?:[^\0]*\0)*$/,
    example: 'echo\0hello\0',
    clause: 'PROCFS.CMDLINE',
  },
  {
    path: '/proc/<pid>/status',
    kind: 'file',
    access: 'read',
    grammar: `status = "pid=" , dec , NL , "ppid=" , dec , NL , "state=" , state , NL ,
         "principal=" , dec , NL , "name=" , name , NL , "cpu_ticks=" , dec , NL ,
         "start_tick=" , dec , NL , "res_bytes=" , dec , NL ;
state  = "ready" | "running" | "blocked" | "zombie" ;
name   = { byte - ( NL | NUL ) } ;   (* at most 15 bytes *)${COMMON}`,
    pattern: /^pid=(?:0|[1-9]\d*)\nppid=(?:0|[1-9]\d*)\nstate=(?:ready|running|blocked|zombie)\nprincipal=(?:0|[1-9]\d*)\nname=[^\n\0]{0,15}\ncpu_ticks=(?:0|[1-9]\d*)\nstart_tick=(?:0|[1-9]\d*)\nres_bytes=(?:0|[1-9]\d*)\n$/,
    example: 'pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\ncpu_ticks=12\nstart_tick=300\nres_bytes=65536\n',
    clause: 'PROCFS.STATUS',
  },
  {
    path: '/proc/<pid>/handles',
    kind: 'file',
    access: 'read',
    grammar: `handles = { handle } ;                    (* increasing handle number *)
handle  = dec , " " , kind , " " , rights , " " , ( "cloexec" | "-" ) , NL ;
kind    = "tty" | "file" | "directory" | "pipe" | "socket" | "endpoint" | "device"
        | "eventfd" | "pty-master" | "pty-slave" | "pidfd" | "timerfd" ;
rights  = "0x" , hex , hex ;                 (* RIGHTS bits, lower-case hex *)
hex     = digit | "a" | "b" | "c" | "d" | "e" | "f" ;${COMMON}`,
    pattern: /^(?:(?:0|[1-9]\d*) (?:tty|file|directory|pipe|socket|endpoint|device|eventfd|pty-master|pty-slave|pidfd|timerfd) 0x[0-9a-f]{2} (?:cloexec|-)\n)*$/,
    example: '0 tty 0xf3 -\n1 tty 0xf3 -\n3 pipe 0xf1 cloexec\n',
    clause: 'PROCFS.HANDLES',
  },
];

export const NETFS_FILES: readonly SyntheticFile[] = [
  {
    path: '/net/<family>/<type>',
    kind: 'file',
    access: 'open',
    grammar: `id-text = dec , NL ;   (* what reading the factory handle returns *)
type    = "stream" | "dgram" | "seqpacket" ;${COMMON}`,
    pattern: /^(?:0|[1-9]\d*)\n$/,
    example: '1234\n',
    clause: 'NETFS.FACTORY',
  },
  {
    path: '/net/<family>/<id>/ctl',
    kind: 'file',
    access: 'write',
    grammar: `command = ( "bind " , address | "listen " , dec | "connect " , address ) , NL ;
address = { byte - ( NL | NUL | " " ) } ;   (* family-specific; local: a name of 1..15 bytes *)${COMMON}`,
    pattern: /^(?:bind [^\n\0 ]+|listen (?:0|[1-9]\d*)|connect [^\n\0 ]+)\n$/,
    example: 'listen 8\n',
    clause: 'NETFS.CTL',
  },
  {
    path: '/net/<family>/addrs',
    kind: 'file',
    access: 'read',
    grammar: `addrs   = { address , NL } ;
address = { byte - ( NL | NUL | " " ) } ;${COMMON}`,
    pattern: /^(?:[^\n\0 ]+\n)*$/,
    example: 'echo-service\n',
    clause: 'NETFS.ADDRS',
  },
];
