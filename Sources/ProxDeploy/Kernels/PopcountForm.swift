import CXnor

/// Which instructions count the bits of an XNOR-popcount product (Sources/CXnor/xnor.h).
///
/// All three are compiled into every build, each with its own target
/// attribute, and the choice is made at run time from what the CPU reports:
/// Zen 4 and 5 have AVX-512 VPOPCNTDQ (a 512-bit popcount in one
/// instruction), Zen 3 has AVX2 only, where a 16-entry nibble table and
/// vpshufb count 256 bits in a few instructions (Mula, Kurz and Lemire,
/// "Faster population counts using AVX2 instructions", 2018); scalar popcnt is
/// the last resort. The forms give identical results, and the tests run every
/// form the machine can execute, so the AVX2 path is exercised on a Zen 4
/// machine too.
public enum PopcountForm: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case vpopcntdq = 0
    case avx2 = 1
    case scalar = 2

    /// Whether this CPU executes the form.
    public var isSupported: Bool { proxlab_xnor_supported(rawValue) != 0 }

    /// The fastest form this CPU executes.
    public static let best: PopcountForm = allCases.first { $0.isSupported } ?? .scalar

    /// Every form this CPU executes, fastest first.
    public static var supported: [PopcountForm] { allCases.filter(\.isSupported) }

    public var description: String {
        switch self {
        case .vpopcntdq: return "AVX-512 VPOPCNTDQ"
        case .avx2: return "AVX2 nibble table"
        case .scalar: return "scalar popcnt"
        }
    }
}
