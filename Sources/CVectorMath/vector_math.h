#ifndef PROXLAB_VECTOR_MATH_H
#define PROXLAB_VECTOR_MATH_H
/*
 * The square root as the IEEE operation, with no errno.
 *
 * On Linux, Swift's Float.squareRoot() reaches sqrtf through C's math-errno
 * rules: a call behind a branch, which keeps any loop around it scalar.
 * __builtin_elementwise_sqrt is the bare IEEE square root (correctly
 * rounded, sqrt(-x) = NaN, no errno), so LLVM turns a loop that calls this
 * into vsqrtps. Header only: nothing to link.
 */
static inline __attribute__((always_inline)) float proxlab_sqrtf(float x) {
    return __builtin_elementwise_sqrt(x);
}
#endif
