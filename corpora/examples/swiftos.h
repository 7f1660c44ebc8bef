/* Raw SwiftOS syscalls for the example programs (numbers from the SwiftOS syscall table). */
#ifndef SWIFTOS_H
#define SWIFTOS_H
typedef unsigned long size_t;

static inline long sc(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

enum { SYS_READ = 2, SYS_WRITE = 3, SYS_CLOSE = 4, SYS_EXIT = 5, SYS_GETPID = 11, SYS_WAITPID = 13, SYS_FORK = 20, SYS_PIPE = 25 };

static inline size_t len(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static inline long puts_(const char *s) { return sc(SYS_WRITE, 1, (long)s, (long)len(s)); }

static inline void put_dec(long v) {
  char buf[24];
  int i = 23;
  buf[i] = 0;
  int neg = v < 0;
  unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
  do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
  if (neg) buf[--i] = '-';
  puts_(buf + i);
}

int main(int argc, char **argv, char **envp);

__asm__(".global _start\n_start:\n  bl main\n  mov x8, #5\n  svc #0\n");
#endif
