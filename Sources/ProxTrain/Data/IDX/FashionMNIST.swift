import Foundation

/// Zalando's Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 28x28 grey
/// images of clothing in 10 classes, 60 000 for training and 10 000 for
/// testing, 6 000 and 1 000 per class.
///
/// It stands in for MNIST because it is harder (a linear model reaches about
/// 84% instead of 92%), so binarization costs show, and because Debian ships
/// it: `apt-get install dataset-fashion-mnist` puts the gzipped IDX files in
/// `/usr/share/datasets/fashion-mnist`. Like `shared/bench/torch_reference.py`,
/// the directory can be overridden with the `FMNIST_DIR` environment variable.
public enum FashionMNIST {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The class names of the data set's README, index-aligned with labels.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// An explicit directory, else `FMNIST_DIR`, else the Debian location.
    public static func directory(_ explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let dir = environment["FMNIST_DIR"], !dir.isEmpty { return dir }
        return defaultDirectory
    }

    /// Loads the training and test sets with pixels in `[0, 1]`, not yet
    /// standardized (call `standardize(.global)` for the reference setup).
    ///
    /// A missing directory or file is reported with the package to install,
    /// since that is the usual cause.
    public static func load(directory explicit: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Dataset {
        let dir = directory(explicit, environment: environment)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) && isDirectory.boolValue
        let missing = exists ? IDXDirectory.missingParts(in: dir) : []
        if !exists || !missing.isEmpty {
            let what = missing.isEmpty ? "" : " (missing " + missing.map { $0.rawValue + "[.gz]" }.joined(separator: ", ") + ")"
            throw DataError("Fashion-MNIST not found in \(dir)\(what): install it with "
                + "`apt-get install dataset-fashion-mnist` (or set FMNIST_DIR / pass a directory)")
        }
        return try IDXDirectory.load(dir, name: "fashion-mnist", classNames: classNames)
    }
}
