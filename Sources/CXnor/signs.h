#ifndef PROXLAB_SIGNS_H
#define PROXLAB_SIGNS_H
/*
 * Floats to sign bits and back, the conversions at the edges of every binary
 * layer: bit set where !(x >= 0) (x < 0 or NaN), zero padding past `count`;
 * unpacked, a set bit is -1 and a clear one +1. A compare gives 16 (AVX-512)
 * or 8 (AVX2) bits at once; a scalar loop does the rest and the CPUs with
 * neither. `form` follows xnor.h: 0 AVX-512, 1 AVX2, 2 scalar.
 */
#include <stdint.h>
#include <immintrin.h>

static inline uint64_t proxlab_pack_tail(const float *x, long count) {
    uint64_t word = 0;
    for (long b = 0; b < count; b++) if (!(x[b] >= 0)) word |= 1ULL << b;
    return word;
}

__attribute__((target("avx512f")))
static inline void proxlab_pack_signs512(const float *x, long count, uint64_t *words) {
    const __m512 zero = _mm512_setzero_ps();
    long i = 0, w = 0;
    for (; i + 64 <= count; i += 64, w++) {
        uint64_t m0 = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i), zero, _CMP_NGE_UQ);
        uint64_t m1 = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i + 16), zero, _CMP_NGE_UQ);
        uint64_t m2 = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i + 32), zero, _CMP_NGE_UQ);
        uint64_t m3 = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i + 48), zero, _CMP_NGE_UQ);
        words[w] = m0 | m1 << 16 | m2 << 32 | m3 << 48;
    }
    if (i < count) words[w] = proxlab_pack_tail(x + i, count - i);
}

__attribute__((target("avx2")))
static inline void proxlab_pack_signs256(const float *x, long count, uint64_t *words) {
    const __m256 zero = _mm256_setzero_ps();
    long i = 0, w = 0;
    for (; i + 64 <= count; i += 64, w++) {
        uint64_t word = 0;
        for (int k = 0; k < 8; k++) {
            __m256 v = _mm256_loadu_ps(x + i + 8 * k);
            word |= (uint64_t)(uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v, zero, _CMP_NGE_UQ)) << (8 * k);
        }
        words[w] = word;
    }
    if (i < count) words[w] = proxlab_pack_tail(x + i, count - i);
}

static inline void proxlab_pack_signs64(const float *x, long count, uint64_t *words) {
    long i = 0, w = 0;
    for (; i + 64 <= count; i += 64, w++) words[w] = proxlab_pack_tail(x + i, 64);
    if (i < count) words[w] = proxlab_pack_tail(x + i, count - i);
}

static inline void proxlab_pack_signs(int form, const float *x, long count, uint64_t *words) {
    switch (form) {
    case 0: proxlab_pack_signs512(x, count, words); break;
    case 1: proxlab_pack_signs256(x, count, words); break;
    default: proxlab_pack_signs64(x, count, words); break;
    }
}

__attribute__((target("avx512f")))
static inline void proxlab_unpack_signs512(const uint64_t *words, long count, float *y) {
    const __m512 plus = _mm512_set1_ps(1.0f), minus = _mm512_set1_ps(-1.0f);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __mmask16 m = (__mmask16)(words[i >> 6] >> (i & 63));
        _mm512_storeu_ps(y + i, _mm512_mask_blend_ps(m, plus, minus));
    }
    for (; i < count; i++) y[i] = (words[i >> 6] >> (i & 63)) & 1 ? -1.0f : 1.0f;
}

__attribute__((target("avx2")))
static inline void proxlab_unpack_signs256(const uint64_t *words, long count, float *y) {
    const __m256i bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256 plus = _mm256_set1_ps(1.0f), minus = _mm256_set1_ps(-1.0f);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256i b = _mm256_set1_epi32((int)((words[i >> 6] >> (i & 63)) & 0xFF));
        __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(b, bits), bits);
        _mm256_storeu_ps(y + i, _mm256_blendv_ps(plus, minus, _mm256_castsi256_ps(set)));
    }
    for (; i < count; i++) y[i] = (words[i >> 6] >> (i & 63)) & 1 ? -1.0f : 1.0f;
}

static inline void proxlab_unpack_signs(int form, const uint64_t *words, long count, float *y) {
    switch (form) {
    case 0: proxlab_unpack_signs512(words, count, y); break;
    case 1: proxlab_unpack_signs256(words, count, y); break;
    default:
        for (long i = 0; i < count; i++) y[i] = (words[i >> 6] >> (i & 63)) & 1 ? -1.0f : 1.0f;
        break;
    }
}

/*
 * Binary im2col for pixels whose c <= 64 channels fit one word (ProxDeploy's
 * BinaryIm2Col describes the layout): rows r0 ..< r1 of the columns, each
 * the nine neighbours' words or-ed in at bit (ky * 3 + kx) * c, zero (+1)
 * outside the image.
 */
static inline void proxlab_im2col_word(const uint64_t *x, long h, long w, long c, uint64_t *col, long cw,
                                       long r0, long r1) {
    long plane = h * w, image = r0 / plane, py = r0 % plane / w, px = r0 % w;
    long word[9], shift[9], spill[9];
    for (int t = 0; t < 9; t++) { word[t] = t * c >> 6; shift[t] = t * c & 63; spill[t] = shift[t] + c > 64; }
    for (long r = r0; r < r1; r++) {
        uint64_t *dst = col + r * cw;
        for (long k = 0; k < cw; k++) dst[k] = 0;
        const uint64_t *center = x + (image * h + py) * w + px;
        for (int ky = 0; ky < 3; ky++) {
            long sy = py + ky - 1;
            if (sy < 0 || sy >= h) continue;
            for (int kx = 0; kx < 3; kx++) {
                long sx = px + kx - 1;
                if (sx < 0 || sx >= w) continue;
                int t = ky * 3 + kx;
                uint64_t v = center[(ky - 1) * w + (kx - 1)];
                dst[word[t]] |= v << shift[t];
                if (spill[t]) dst[word[t] + 1] |= v >> (64 - shift[t]);
            }
        }
        if (++px == w) { px = 0; if (++py == h) { py = 0; image++; } }
    }
}

#endif
