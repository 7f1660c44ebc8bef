import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { ByteQueue, LineDiscipline } from './line-discipline.js';

const ICANON = constValue('TERMIOS_LFLAGS', 'ICANON');
const ECHO = constValue('TERMIOS_LFLAGS', 'ECHO');
const ISIG = constValue('TERMIOS_LFLAGS', 'ISIG');
const bytes = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Feeds `s`; returns everything echoed and how many interrupts were raised. */
function feed(t: LineDiscipline, s: string, interruptible = true): { echo: string; interrupts: number } {
  let echo = '';
  let interrupts = 0;
  for (const b of bytes(s)) {
    const e = t.input(b, interruptible);
    echo += String.fromCharCode(...e.echo);
    if (e.interrupt) interrupts++;
  }
  return { echo, interrupts };
}

const read = (t: LineDiscipline, n = 10_000): string => String.fromCharCode(...t.read(n));

describe('line discipline', () => {
  it('TTY.LINE.EDIT: canonical editing, echo and line commit', () => {
    const t = new LineDiscipline(ICANON | ECHO | ISIG, 16, 64);
    expect(feed(t, '\x7fab\x08c')).toEqual({ echo: 'ab\b \bc', interrupts: 0 });
    expect(t.readable()).toBe(false);
    expect(feed(t, '\r').echo).toBe('\r\n');
    expect(read(t)).toBe('ac\n');
  });

  it('TTY.LINE.EDIT, TTY.ISIG: Ctrl-C drops the unfinished line and echoes "^C" CR LF; without a process to signal it is data', () => {
    const t = new LineDiscipline(ICANON | ECHO | ISIG, 16, 64);
    expect(feed(t, 'xy\x03')).toEqual({ echo: 'xy^C\r\n', interrupts: 1 });
    expect(feed(t, 'z\x03\n', false)).toEqual({ echo: 'z\x03\r\n', interrupts: 0 });
    expect(read(t)).toBe('z\x03\n');
  });

  it('TTY.READ.CANON: a canonical read stops after the first newline', () => {
    const t = new LineDiscipline(ICANON, 16, 64);
    feed(t, 'one\ntwo\n');
    expect(read(t)).toBe('one\n');
    expect(read(t, 2)).toBe('tw');
    expect(read(t)).toBe('o\n');
  });

  it('TTY.LINE.LIMITS: bytes beyond the line limit or the readable limit are dropped without echo', () => {
    const t = new LineDiscipline(ICANON | ECHO, 4, 6);
    expect(feed(t, 'abcdef').echo).toBe('abcd');
    feed(t, '\n');
    feed(t, 'ghij\n');
    expect(read(t)).toBe('abcd\n');
    expect(read(t)).toBe('g');
    expect(t.readable()).toBe(false);
  });

  it('TTY.CANON.SWITCH, TTY.CONSOLE.INPUT: an unfinished line survives a switch to raw mode; end of input releases it', () => {
    const t = new LineDiscipline(ICANON, 16, 64);
    feed(t, 'ab');
    t.lflag = 0;
    expect(t.readable()).toBe(false);
    feed(t, 'c');
    expect(read(t)).toBe('c');
    t.lflag = ICANON;
    t.endOfInput();
    expect(read(t)).toBe('ab');
  });

  it('TTY.ATTR.ACTIONS.OTHERS: flush drops readable input and the unfinished line', () => {
    const t = new LineDiscipline(ICANON, 16, 64);
    feed(t, 'a\nb');
    t.flush();
    t.endOfInput();
    expect(t.readable()).toBe(false);
  });

  it('TTY.LINE.LIMITS: a byte queue keeps order across compaction and refuses pushes when full', () => {
    const q = new ByteQueue(5000);
    for (let i = 0; i < 5000; i++) expect(q.push(i & 0xff)).toBe(true);
    expect(q.push(1)).toBe(false);
    expect([...q.take(4500)].every((b, i) => b === (i & 0xff))).toBe(true);
    expect(q.push(7)).toBe(true);
    expect([...q.take(1000)]).toEqual([...Array.from({ length: 500 }, (_, i) => (4500 + i) & 0xff), 7]);
    expect(q.length).toBe(0);
  });
});
