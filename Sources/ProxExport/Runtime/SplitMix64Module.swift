/// `proxtorch/splitmix64.py` of an exported experiment, the same for every export.
enum SplitMix64Module {
    static let module = RuntimeModule(
        file: "splitmix64.py",
        summary: "proxlab's random numbers: SplitMix64, derived seeds, bounded integers, Fisher-Yates.",
        about: "Every random thing proxlab draws (data sets, initial weights, batch orders) comes from this generator, so the same seed gives the same numbers here.",
        body: #"""
import math

import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


class SplitMix64:
    """Steele, Lea and Flood's SplitMix64 (2014), bit for bit as proxlab's generator."""

    def __init__(self, seed):
        self.state = seed & MASK

    @staticmethod
    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next(self):
        """The next 64-bit output."""
        self.state = (self.state + GAMMA) & MASK
        return self.mix(self.state)

    def next_many(self, n):
        """The next n outputs as a numpy uint64 array: output i only depends on state + i GAMMA."""
        with np.errstate(over="ignore"):
            steps = np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GAMMA)
            z = np.uint64(self.state) + steps
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            z = z ^ (z >> np.uint64(31))
        self.state = (self.state + n * GAMMA) & MASK
        return z

    def unit_floats(self, n):
        """n uniform float32 values in [0, 1) from the top 24 bits of each output."""
        top = (self.next_many(n) >> np.uint64(40)).astype(np.float32)
        return top * np.float32(1.0 / 16777216.0)

    def unit_double(self):
        """A uniform float in [0, 1) from the top 53 bits."""
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)

    def gaussian(self):
        """A standard normal draw by Box-Muller (two uniform doubles)."""
        u = self.unit_double()
        if u < 1e-300:
            u = 1e-300
        v = self.unit_double()
        return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)


def derived_seed(seed, stream):
    """The seed of an independent stream (an epoch, or a purpose), mixed through the generator."""
    a = SplitMix64(seed)
    b = SplitMix64(a.next() ^ ((stream * 0xD1B54A32D192ED03) & MASK))
    return b.next()


def below(bound, rng):
    """A uniform integer in [0, bound), unbiased: Lemire's multiply-shift (2019)."""
    m = rng.next() * bound
    if (m & MASK) < bound:
        threshold = ((1 << 64) - bound) % bound
        while (m & MASK) < threshold:
            m = rng.next() * bound
    return m >> 64


def shuffle(items, rng):
    """Durstenfeld's Fisher-Yates in place, walking down from the last index."""
    i = len(items) - 1
    while i > 0:
        j = below(i + 1, rng)
        items[i], items[j] = items[j], items[i]
        i -= 1
    return items


def permutation(count, rng):
    """A uniformly random permutation of range(count)."""
    return shuffle(list(range(count)), rng)
"""#)
}
