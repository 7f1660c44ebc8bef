/* Compiled-C benchmark: a prime sieve, quicksort of pseudo-random keys, and SHA-256. */
#include "rt.h"

static uint8_t composite[4000001];

static uint64_t sieve(uint32_t limit) {
  memset(composite, 0, limit + 1);
  uint64_t count = 0;
  for (uint32_t i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (uint64_t j = (uint64_t)i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}

static uint32_t keys[300000];

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void swap(uint32_t *a, uint32_t *b) { uint32_t t = *a; *a = *b; *b = t; }

static void quicksort(uint32_t *v, long n, int (*cmp)(const void *, const void *)) {
  while (n > 16) {
    uint32_t pivot = v[n / 2];
    long i = 0, j = n - 1;
    for (;;) {
      while (cmp(&v[i], &pivot) < 0) i++;
      while (cmp(&v[j], &pivot) > 0) j--;
      if (i >= j) break;
      swap(&v[i++], &v[j--]);
    }
    quicksort(v, j + 1, cmp);
    v += j + 1;
    n -= j + 1;
  }
  for (long i = 1; i < n; i++)
    for (long j = i; j > 0 && cmp(&v[j - 1], &v[j]) > 0; j--) swap(&v[j - 1], &v[j]);
}

static uint64_t sort_checksum(uint32_t n) {
  uint32_t s = 12345;
  for (uint32_t i = 0; i < n; i++) { s = s * 1103515245u + 12345u; keys[i] = s ^ (s >> 16); }
  quicksort(keys, n, cmp_u32);
  uint64_t h = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i && keys[i - 1] > keys[i]) return 0;
    h = h * 31 + keys[i];
  }
  return h;
}

static const uint32_t K[64] = {
  0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
  0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
  0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
  0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
  0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
  0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
  0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
  0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | (uint32_t)p[4*i+1] << 16 | (uint32_t)p[4*i+2] << 8 | p[4*i+3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROR(w[i-15], 7) ^ ROR(w[i-15], 18) ^ (w[i-15] >> 3);
    uint32_t s1 = ROR(w[i-2], 17) ^ ROR(w[i-2], 19) ^ (w[i-2] >> 10);
    w[i] = w[i-16] + s0 + w[i-7] + s1;
  }
  uint32_t a=h[0],b=h[1],c=h[2],d=h[3],e=h[4],f=h[5],g=h[6],hh=h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = hh + (ROR(e,6) ^ ROR(e,11) ^ ROR(e,25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (ROR(a,2) ^ ROR(a,13) ^ ROR(a,22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh=g; g=f; f=e; e=d+t1; d=c; c=b; b=a; a=t1+t2;
  }
  h[0]+=a; h[1]+=b; h[2]+=c; h[3]+=d; h[4]+=e; h[5]+=f; h[6]+=g; h[7]+=hh;
}

static uint8_t message[1 << 20];

static uint32_t sha256_first_word(uint32_t len) {
  uint32_t h[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
  uint32_t i = 0;
  for (; i + 64 <= len; i += 64) sha256_block(h, message + i);
  uint8_t tail[128];
  uint32_t rest = len - i;
  memset(tail, 0, sizeof tail);
  memcpy(tail, message + i, rest);
  tail[rest] = 0x80;
  uint32_t blocks = rest + 9 > 64 ? 2 : 1;
  uint64_t bits = (uint64_t)len * 8;
  for (int b = 0; b < 8; b++) tail[blocks * 64 - 1 - b] = (uint8_t)(bits >> (8 * b));
  for (uint32_t b = 0; b < blocks; b++) sha256_block(h, tail + 64 * b);
  return h[0];
}

int main(void) {
  uint64_t primes = sieve(4000000);
  uint64_t sorted = sort_checksum(300000);
  for (uint32_t i = 0; i < sizeof message; i++) message[i] = (uint8_t)(i * 7 + (i >> 8));
  uint32_t digest = sha256_first_word(sizeof message);
  put("primes "); put_hex(primes);
  put("\nsort "); put_hex(sorted);
  put("\nsha256 "); put_hex(digest);
  put("\n");
  return primes == 283146 && sorted != 0 ? 0 : 1;
}
