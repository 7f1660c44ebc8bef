/* memcpy/memset-heavy benchmark: block copies and fills of varying sizes and alignments. */
#include "rt.h"

static uint8_t a[1 << 16], b[1 << 16];

int main(void) {
  uint64_t sum = 0;
  for (int round = 0; round < 15000; round++) {
    size_t n = 4096 + (size_t)(round * 977) % 40000;
    size_t off = (size_t)round % 13;
    memset(a + off, round & 0xff, n);
    memcpy(b + (round % 7), a + off, n);
    sum += b[n / 2] + b[round % 7];
  }
  put("memops "); put_hex(sum); put("\n");
  return 0;
}
