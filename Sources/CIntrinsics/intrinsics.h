#ifndef PROXLAB_INTRINSICS_H
#define PROXLAB_INTRINSICS_H
/*
 * Compiler builtins Swift cannot reach on its own. Header only: nothing to
 * link, no code of anyone else's.
 */

/*
 * The square root as the IEEE operation, with no errno.
 *
 * On Linux, Swift's Float.squareRoot() reaches sqrtf through C's math-errno
 * rules: a call behind a branch, which keeps any loop around it scalar.
 * __builtin_elementwise_sqrt is the bare IEEE square root (correctly
 * rounded, sqrt(-x) = NaN, no errno), so LLVM turns a loop that calls this
 * into vsqrtps.
 */
static inline __attribute__((always_inline)) float proxlab_sqrtf(float x) {
    return __builtin_elementwise_sqrt(x);
}

#endif
