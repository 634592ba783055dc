import CBLAS

/// The BLAS thread count, a process-wide setting of OpenBLAS.
///
/// Chosen by measurement (ARCHITECTURE.md, "Performance habits"): headless
/// training may use both cores, while inside the workbench one core belongs
/// to the UI. OpenBLAS keeps this in a global, so set it before a run starts,
/// not while another thread is inside a product.
public enum BLAS {
    /// The number of threads OpenBLAS uses for each product.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses (at least 1).
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The kernel family OpenBLAS chose for this CPU at start-up (or was told
    /// to use by OPENBLAS_CORETYPE), e.g. "SkylakeX", "Zen", "Haswell".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
