/* Tight integer loop: a counted loop of add, eor and compare-and-branch. */
#include "rt.h"

int main(void) {
  uint64_t acc = 0, i = 200000000;
  __asm__ volatile(
      "1: add %0, %0, %1\n"
      "   eor %0, %0, #0x5555555555555555\n"
      "   subs %1, %1, #1\n"
      "   b.ne 1b\n"
      : "+r"(acc), "+r"(i));
  put("loop "); put_hex(acc); put("\n");
  return 0;
}
