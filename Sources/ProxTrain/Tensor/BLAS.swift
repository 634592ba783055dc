import CBLAS

/// OpenBLAS's process-wide settings: its thread count and its kernel.
///
/// Every product of proxlab runs on one OpenBLAS thread; a model splits its
/// products across its own team in fixed tiles (`TeamPart`). A product that
/// OpenBLAS splits over its threads rounds differently from the same product
/// on one thread (on the small CNN, 2,600 of 4,893 parameters differ after
/// four steps), and the count is a global that any code in the process may
/// change while another thread is inside a product: so the library never
/// changes it, and the first product pins it to 1 (`pinnedToOneThread`).
/// Only benchmarks of OpenBLAS's own threading set it (proxbench), and only
/// where no model trains.
public enum BLAS {
    /// The number of threads OpenBLAS uses for each product.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses (at least 1): for benchmarks
    /// of OpenBLAS's own threading only, never while a model computes.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// Set to 1 once, before the process's first product (`GEMM.sgemm`
    /// reads it): OpenBLAS starts with as many threads as there are cores.
    @usableFromInline
    static let pinnedToOneThread: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// The kernel family OpenBLAS chose for this CPU at start-up (or was told
    /// to use by OPENBLAS_CORETYPE), e.g. "SkylakeX", "Zen", "Haswell".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
