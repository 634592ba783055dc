#ifndef PROXLAB_XNOR_H
#define PROXLAB_XNOR_H
/*
 * XNOR-popcount products of packed sign matrices, in three forms: AVX-512
 * VPOPCNTDQ (Zen 4 and 5), AVX2 with a nibble-lookup popcount (Zen 3), and
 * scalar popcnt. Header only, compiler intrinsics only: each form carries its
 * own target attribute, so all three are compiled whatever the build target
 * and the caller picks one at run time (proxlab_xnor_cpu) or forces one (the
 * tests run every form this CPU can execute).
 *
 * Signs are bits: 1 for -1, 0 for +1 (so zero padding reads as +1). For rows
 * x and w of K signs, x . w = K - 2 popcount(x XOR w); padding bits are zero
 * in both operands, their XOR is zero, and any K is exact.
 *
 * Layout. Inputs: rows of x_stride words. Weights: panels of 8 outputs, and
 * within a panel word k of its 8 outputs side by side,
 *     w[(panel * kw + k) * 8 + lane],
 * so one 512-bit load holds word k of 8 outputs and the 8 popcounts
 * accumulate lane by lane, with no horizontal sum (the outer-product form of
 * a GEMM micro-kernel: Goto and van de Geijn 2008).
 *
 * Results, per row and output, in one of two forms:
 *  - counts: the popcount p as int32, counts[row * counts_stride + output];
 *  - bits: the sign of a folded batch norm (see ProxDeploy's Threshold.swift)
 *    as bit (p > thresholds[pattern][output]) XOR flip, written 8 outputs to a
 *    byte, bits[row * bits_stride + panel]; bits past `outputs` are zero.
 *    `patterns` (one byte per row, or NULL for pattern 0) selects the
 *    threshold row: a convolution's border pixels have their own.
 */
#include <stdint.h>
#include <stddef.h>
#include <immintrin.h>

typedef struct proxlab_xnor_job {
    const uint64_t *x;
    long x_stride;
    const uint64_t *w;
    long kw;
    long panels;
    long outputs;
    int32_t *counts;
    long counts_stride;
    const int64_t *thresholds;
    const uint8_t *flips;
    const uint8_t *patterns;
    uint8_t *bits;
    long bits_stride;
} proxlab_xnor_job;

/* The forms, in the order the dispatcher prefers them. */
enum { PROXLAB_XNOR_VPOPCNTDQ = 0, PROXLAB_XNOR_AVX2 = 1, PROXLAB_XNOR_SCALAR = 2 };

/* Whether this CPU executes a form. */
static inline int proxlab_xnor_supported(int form) {
    switch (form) {
    case PROXLAB_XNOR_VPOPCNTDQ:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    case PROXLAB_XNOR_AVX2: return __builtin_cpu_supports("avx2");
    default: return __builtin_cpu_supports("popcnt");
    }
}

/* The byte of threshold bits of one panel (8 lanes of int64 counts already compared). */
static inline uint8_t proxlab_xnor_last_mask(const proxlab_xnor_job *j, long panel) {
    long rest = j->outputs - panel * 8;
    return rest >= 8 ? 0xFF : (uint8_t)((1u << rest) - 1u);
}

static inline const int64_t *proxlab_xnor_thresholds(const proxlab_xnor_job *j, long row) {
    long pattern = j->patterns ? j->patterns[row] : 0;
    return j->thresholds + pattern * j->panels * 8;
}

/*
 * The rows r0 ..< r1 and all panels of a job in blocks of R rows x P panels,
 * with 1-row and 1-panel blocks for the edges: the one tiling of both vector forms.
 */
#define PROXLAB_XNOR_TILED(NAME, TARGET, BLOCK, R, P)                                              \
static inline TARGET void NAME(const proxlab_xnor_job *j, long r0, long r1) {                       \
    long r = r0;                                                                                    \
    for (; r + R <= r1; r += R) {                                                                   \
        long p = 0;                                                                                 \
        for (; p + P <= j->panels; p += P) BLOCK##_##R##x##P(j, r, p);                             \
        for (; p < j->panels; p++) BLOCK##_##R##x1(j, r, p);                                       \
    }                                                                                               \
    for (; r < r1; r++) {                                                                           \
        long p = 0;                                                                                 \
        for (; p + P <= j->panels; p += P) BLOCK##_1x##P(j, r, p);                                 \
        for (; p < j->panels; p++) BLOCK##_1x1(j, r, p);                                           \
    }                                                                                               \
}

/* ---- AVX-512 VPOPCNTDQ: R rows x P panels of 8 outputs per block ---- */

#define PROXLAB_T512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx512vpopcntdq")))

#define PROXLAB_XNOR512_BLOCK(R, P)                                                                   \
static inline __attribute__((always_inline)) PROXLAB_T512                                             \
void proxlab_xnor512_##R##x##P(const proxlab_xnor_job *j, long r0, long p0) {                         \
    __m512i acc[R][P];                                                                                \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++)                                    \
    _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) acc[r][p] = _mm512_setzero_si512(); \
    const uint64_t *xr[R];                                                                            \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) xr[r] = j->x + (r0 + r) * j->x_stride; \
    const long kw = j->kw;                                                                            \
    const uint64_t *wp = j->w + p0 * kw * 8;                                                          \
    for (long k = 0; k < kw; k++) {                                                                   \
        __m512i wv[P];                                                                                \
        _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++)                                \
            wv[p] = _mm512_load_si512((const void *)(wp + (p * kw + k) * 8));                         \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                              \
            __m512i xv = _mm512_set1_epi64((long long)xr[r][k]);                                      \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++)                            \
                acc[r][p] = _mm512_add_epi64(acc[r][p], _mm512_popcnt_epi64(_mm512_xor_si512(xv, wv[p]))); \
        }                                                                                             \
    }                                                                                                 \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                                  \
        long row = r0 + r;                                                                            \
        if (j->counts) {                                                                              \
            int32_t *c = j->counts + row * j->counts_stride + p0 * 8;                                 \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++)                            \
                _mm256_storeu_si256((__m256i *)(c + p * 8), _mm512_cvtepi64_epi32(acc[r][p]));        \
        } else {                                                                                      \
            const int64_t *t = proxlab_xnor_thresholds(j, row) + p0 * 8;                              \
            uint8_t *b = j->bits + row * j->bits_stride + p0;                                         \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) {                          \
                __mmask8 m = _mm512_cmpgt_epi64_mask(acc[r][p], _mm512_loadu_si512((const void *)(t + p * 8))); \
                b[p] = (uint8_t)(m ^ j->flips[p0 + p]) & proxlab_xnor_last_mask(j, p0 + p);           \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
}

PROXLAB_XNOR512_BLOCK(4, 4)
PROXLAB_XNOR512_BLOCK(4, 1)
PROXLAB_XNOR512_BLOCK(1, 4)
PROXLAB_XNOR512_BLOCK(1, 1)

PROXLAB_XNOR_TILED(proxlab_xnor512, PROXLAB_T512, proxlab_xnor512, 4, 4)

/* ---- AVX2: popcount by a 16-entry nibble table (vpshufb; Mula, Kurz, Lemire 2018) ---- */

#define PROXLAB_T256 __attribute__((target("avx2")))

/* Byte counts of the set bits of each byte of v (0..8 each). */
static inline __attribute__((always_inline)) PROXLAB_T256 __m256i proxlab_popcnt8_avx2(__m256i v) {
    const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                           0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256i lo = _mm256_and_si256(v, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    return _mm256_add_epi8(_mm256_shuffle_epi8(table, lo), _mm256_shuffle_epi8(table, hi));
}

/*
 * Byte counters take at most 8 per word, so 31 words fit in a byte; then
 * vpsadbw sums each lane's 8 bytes into its 64-bit lane, one output's count.
 */
#define PROXLAB_XNOR256_BLOCK(R, P)                                                                   \
static inline __attribute__((always_inline)) PROXLAB_T256                                             \
void proxlab_xnor256_##R##x##P(const proxlab_xnor_job *j, long r0, long p0) {                         \
    __m256i acc[R][P][2];                                                                             \
    const __m256i zero = _mm256_setzero_si256();                                                      \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++)                                    \
    _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) { acc[r][p][0] = zero; acc[r][p][1] = zero; } \
    const uint64_t *xr[R];                                                                            \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) xr[r] = j->x + (r0 + r) * j->x_stride; \
    const long kw = j->kw;                                                                            \
    const uint64_t *wp = j->w + p0 * kw * 8;                                                          \
    for (long k0 = 0; k0 < kw; k0 += 31) {                                                            \
        long k1 = k0 + 31 < kw ? k0 + 31 : kw;                                                        \
        __m256i bytes[R][P][2];                                                                       \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++)                                \
        _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) { bytes[r][p][0] = zero; bytes[r][p][1] = zero; } \
        for (long k = k0; k < k1; k++) {                                                              \
            __m256i wv[P][2];                                                                         \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) {                          \
                wv[p][0] = _mm256_load_si256((const __m256i *)(wp + (p * kw + k) * 8));               \
                wv[p][1] = _mm256_load_si256((const __m256i *)(wp + (p * kw + k) * 8 + 4));           \
            }                                                                                         \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                          \
                __m256i xv = _mm256_set1_epi64x((long long)xr[r][k]);                                 \
                _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++)                        \
                _Pragma("clang loop unroll(full)") for (int h = 0; h < 2; h++)                        \
                    bytes[r][p][h] = _mm256_add_epi8(bytes[r][p][h],                                  \
                                                     proxlab_popcnt8_avx2(_mm256_xor_si256(xv, wv[p][h]))); \
            }                                                                                         \
        }                                                                                             \
        _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++)                                \
        _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++)                                \
        _Pragma("clang loop unroll(full)") for (int h = 0; h < 2; h++)                                \
            acc[r][p][h] = _mm256_add_epi64(acc[r][p][h], _mm256_sad_epu8(bytes[r][p][h], zero));     \
    }                                                                                                 \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                                  \
        long row = r0 + r;                                                                            \
        if (j->counts) {                                                                              \
            int32_t *c = j->counts + row * j->counts_stride + p0 * 8;                                 \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) {                          \
                int64_t lanes[8];                                                                     \
                _mm256_storeu_si256((__m256i *)lanes, acc[r][p][0]);                                  \
                _mm256_storeu_si256((__m256i *)(lanes + 4), acc[r][p][1]);                            \
                for (int l = 0; l < 8; l++) c[p * 8 + l] = (int32_t)lanes[l];                         \
            }                                                                                         \
        } else {                                                                                      \
            const int64_t *t = proxlab_xnor_thresholds(j, row) + p0 * 8;                              \
            uint8_t *b = j->bits + row * j->bits_stride + p0;                                         \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < P; p++) {                          \
                __m256i g0 = _mm256_cmpgt_epi64(acc[r][p][0], _mm256_loadu_si256((const __m256i *)(t + p * 8))); \
                __m256i g1 = _mm256_cmpgt_epi64(acc[r][p][1], _mm256_loadu_si256((const __m256i *)(t + p * 8 + 4))); \
                int m = _mm256_movemask_pd(_mm256_castsi256_pd(g0)) | (_mm256_movemask_pd(_mm256_castsi256_pd(g1)) << 4); \
                b[p] = (uint8_t)(m ^ j->flips[p0 + p]) & proxlab_xnor_last_mask(j, p0 + p);           \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
}

PROXLAB_XNOR256_BLOCK(2, 2)
PROXLAB_XNOR256_BLOCK(2, 1)
PROXLAB_XNOR256_BLOCK(1, 2)
PROXLAB_XNOR256_BLOCK(1, 1)

PROXLAB_XNOR_TILED(proxlab_xnor256, PROXLAB_T256, proxlab_xnor256, 2, 2)

/* ---- Scalar popcnt, one row and one panel at a time ---- */

/* One popcnt instruction, written as such so that no vectorizer widens the
 * scalar form into the AVX-512 one behind the caller's back. */
static inline __attribute__((always_inline)) uint64_t proxlab_popcnt64(uint64_t v) {
    uint64_t c;
    __asm__("popcnt %1, %0" : "=r"(c) : "r"(v));
    return c;
}

static inline void proxlab_xnor64(const proxlab_xnor_job *j, long r0, long r1) {
    const long kw = j->kw;
    for (long row = r0; row < r1; row++) {
        const uint64_t *x = j->x + row * j->x_stride;
        for (long p = 0; p < j->panels; p++) {
            const uint64_t *wp = j->w + p * kw * 8;
            int64_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            _Pragma("clang loop vectorize(disable) interleave(disable)")
            for (long k = 0; k < kw; k++) {
                uint64_t xk = x[k];
                _Pragma("clang loop vectorize(disable) unroll(full)")
                for (int l = 0; l < 8; l++) acc[l] += (int64_t)proxlab_popcnt64(xk ^ wp[k * 8 + l]);
            }
            if (j->counts) {
                int32_t *c = j->counts + row * j->counts_stride + p * 8;
                for (int l = 0; l < 8; l++) c[l] = (int32_t)acc[l];
            } else {
                const int64_t *t = proxlab_xnor_thresholds(j, row) + p * 8;
                unsigned m = 0;
                for (int l = 0; l < 8; l++) m |= (unsigned)(acc[l] > t[l]) << l;
                j->bits[row * j->bits_stride + p] = (uint8_t)(m ^ j->flips[p]) & proxlab_xnor_last_mask(j, p);
            }
        }
    }
}

/* Rows r0 ..< r1 of the job in the given form (the caller checked proxlab_xnor_supported). */
static inline void proxlab_xnor_rows(int form, const proxlab_xnor_job *j, long r0, long r1) {
    switch (form) {
    case PROXLAB_XNOR_VPOPCNTDQ: proxlab_xnor512(j, r0, r1); break;
    case PROXLAB_XNOR_AVX2: proxlab_xnor256(j, r0, r1); break;
    default: proxlab_xnor64(j, r0, r1); break;
    }
}

#endif
