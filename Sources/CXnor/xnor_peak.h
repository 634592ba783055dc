#ifndef PROXLAB_XNOR_PEAK_H
#define PROXLAB_XNOR_PEAK_H
/*
 * The limit of an XNOR-popcount kernel on this core: the inner operation
 * (xor, popcount, add) on registers only, with enough independent chains to
 * cover its latency and no loads. An empty asm statement tells the compiler
 * the operands change every iteration, so it can neither hoist nor fold the
 * work, and costs no instruction. proxbench deploy divides a kernel's rate
 * by this one.
 *
 * Each returns a sum of its accumulators (so none is dead code); one
 * iteration handles the number of 64-bit word pairs in proxlab_peak_words_*.
 * The chain counts fit each register file (32 zmm, 16 ymm, 16 general).
 */
#include <stdint.h>
#include <immintrin.h>
#include "xnor.h"

enum { proxlab_peak_words_vpopcntdq = 96, proxlab_peak_words_avx2 = 16, proxlab_peak_words_scalar = 6 };

/* Loops written out: the compiler that builds these (Swift's clang importer)
 * keeps small arrays in memory unless the code names each register. */
#define PROXLAB_REP4(M) M(0) M(1) M(2) M(3)
#define PROXLAB_REP6(M) PROXLAB_REP4(M) M(4) M(5)
#define PROXLAB_REP12(M) PROXLAB_REP6(M) M(6) M(7) M(8) M(9) M(10) M(11)

/* AVX-512: 12 chains of vpxorq, vpopcntq, vpaddq: 96 word pairs an iteration. */
__attribute__((target("avx512f,avx512vpopcntdq")))
static inline uint64_t proxlab_peak_vpopcntdq(long iterations) {
    const __m512i b = _mm512_set1_epi64(0x5555555555555555LL);
#define PEAK_INIT(i) __m512i a##i = _mm512_set1_epi64((i) * 0x0101010101LL), c##i = _mm512_setzero_si512();
    PROXLAB_REP12(PEAK_INIT)
#undef PEAK_INIT
    for (long n = 0; n < iterations; n++) {
        __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5),
                              "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
#define PEAK_STEP(i) c##i = _mm512_add_epi64(c##i, _mm512_popcnt_epi64(_mm512_xor_si512(a##i, b)));
        PROXLAB_REP12(PEAK_STEP)
#undef PEAK_STEP
    }
    __m512i s = _mm512_setzero_si512();
#define PEAK_SUM(i) s = _mm512_add_epi64(s, c##i);
    PROXLAB_REP12(PEAK_SUM)
#undef PEAK_SUM
    return (uint64_t)_mm512_reduce_add_epi64(s);
}

/* AVX2: 4 chains of vpxor and the nibble-table popcount into byte counters,
 * reduced with vpsadbw every 31 iterations as the kernel does: 16 word pairs. */
__attribute__((target("avx2")))
static inline uint64_t proxlab_peak_avx2(long iterations) {
    const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                           0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i b = _mm256_set1_epi64x(0x5555555555555555LL);
    __m256i acc = zero;
#define PEAK_INIT(i) __m256i a##i = _mm256_set1_epi64x((i) * 0x0101010101LL), c##i;
    PROXLAB_REP4(PEAK_INIT)
#undef PEAK_INIT
    for (long n = 0; n < iterations; n += 31) {
#define PEAK_ZERO(i) c##i = zero;
        PROXLAB_REP4(PEAK_ZERO)
#undef PEAK_ZERO
        long end = n + 31 < iterations ? n + 31 : iterations;
        for (long m = n; m < end; m++) {
            __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3));
#define PEAK_STEP(i) {                                                                              \
                __m256i v = _mm256_xor_si256(a##i, b);                                              \
                __m256i lo = _mm256_and_si256(v, low), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low); \
                c##i = _mm256_add_epi8(c##i, _mm256_add_epi8(_mm256_shuffle_epi8(table, lo),        \
                                                             _mm256_shuffle_epi8(table, hi)));       \
            }
            PROXLAB_REP4(PEAK_STEP)
#undef PEAK_STEP
        }
#define PEAK_SUM(i) acc = _mm256_add_epi64(acc, _mm256_sad_epu8(c##i, zero));
        PROXLAB_REP4(PEAK_SUM)
#undef PEAK_SUM
    }
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, acc);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

/* Scalar: 6 chains of xor, popcnt, add on general registers: 6 word pairs.
 * popcnt is written as an instruction so that no vectorizer widens it. */
static inline uint64_t proxlab_peak_scalar(long iterations) {
    const uint64_t b = 0x5555555555555555ULL;
#define PEAK_INIT(i) uint64_t a##i = (uint64_t)(i) * 0x0101010101ULL, c##i = 0;
    PROXLAB_REP6(PEAK_INIT)
#undef PEAK_INIT
    for (long n = 0; n < iterations; n++) {
        __asm__ volatile("" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5));
#define PEAK_STEP(i) c##i += proxlab_popcnt64(a##i ^ b);
        PROXLAB_REP6(PEAK_STEP)
#undef PEAK_STEP
    }
    return c0 + c1 + c2 + c3 + c4 + c5;
}

#endif
