/* Freestanding runtime for the benchmark programs: Linux write/exit syscalls, no libc. */
#ifndef BENCH_RT_H
#define BENCH_RT_H
typedef unsigned long size_t;
typedef unsigned long uint64_t;
typedef unsigned int uint32_t;
typedef unsigned char uint8_t;

static inline long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

static inline void put(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  sys3(64, 1, (long)s, (long)n);
}

static inline void put_hex(uint64_t v) {
  char buf[17];
  for (int i = 15; i >= 0; i--) {
    buf[i] = "0123456789abcdef"[v & 15];
    v >>= 4;
  }
  buf[16] = 0;
  put(buf);
}

__attribute__((noreturn)) static inline void sys_exit(int code) {
  sys3(93, code, 0, 0);
  __builtin_unreachable();
}

int main(void);


void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
#endif
