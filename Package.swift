// swift-tools-version:6.0
import PackageDescription

/// Release builds target this machine's CPU: the generic x86-64 target turns
/// fused multiply-adds into library calls and runs the kernels many times
/// slower (shared/design/PLATFORM.md, "Speed").
let cpu: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))]

let package = Package(
    name: "proxlab",
    products: [
        .executable(name: "proxlab", targets: ["proxlab"]),
        .executable(name: "proxbench", targets: ["proxbench"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CIntrinsics", path: "Sources/CIntrinsics"),
        .systemLibrary(name: "CXnor", path: "Sources/CXnor"),
        .target(name: "ProxCore", swiftSettings: cpu),
        .target(name: "ProxPlot", dependencies: ["ProxCore"], swiftSettings: cpu),
        .target(name: "ProxTrain", dependencies: ["ProxCore", "CBLAS", "CZlib", "CIntrinsics"], swiftSettings: cpu),
        .target(name: "ProxExport", dependencies: ["ProxCore", "ProxTrain"], swiftSettings: cpu),
        .target(name: "ProxDeploy", dependencies: ["ProxTrain", "CXnor"], swiftSettings: cpu),
        .target(name: "ProxTUI", dependencies: ["ProxCore", "ProxPlot", "ProxTrain", "ProxDeploy"], swiftSettings: cpu),
        .target(name: "ProxTerm", dependencies: ["ProxTUI", "ProxPlot", "CNcurses"], swiftSettings: cpu),
        .executableTarget(name: "proxlab", dependencies: ["ProxCore", "ProxPlot", "ProxTrain", "ProxExport", "ProxDeploy", "ProxTUI", "ProxTerm"],
                          swiftSettings: cpu),
        .executableTarget(name: "proxbench", dependencies: ["ProxCore", "ProxPlot", "ProxTrain", "ProxDeploy", "ProxTUI", "ProxTerm", "CBLAS", "CXnor"],
                          swiftSettings: cpu),
        .target(name: "TestHelpers", dependencies: ["ProxCore", "ProxPlot"], path: "Tests/TestHelpers"),
        .testTarget(name: "ProxCoreTests", dependencies: ["ProxCore", "TestHelpers"]),
        .testTarget(name: "ProxPlotTests", dependencies: ["ProxPlot", "TestHelpers"], exclude: ["Snapshots"]),
        .testTarget(name: "ProxTrainTests", dependencies: ["ProxTrain", "TestHelpers"]),
        .testTarget(name: "ProxExportTests", dependencies: ["ProxExport", "ProxCore", "ProxTrain", "TestHelpers"],
                    exclude: ["Python"]),
        .testTarget(name: "ProxDeployTests", dependencies: ["ProxDeploy", "ProxTrain", "TestHelpers"]),
        .testTarget(name: "ProxTUITests", dependencies: ["ProxTUI", "TestHelpers"], exclude: ["Snapshots"]),
        .testTarget(name: "ProxTermTests", dependencies: ["ProxTerm", "ProxTUI", "TestHelpers"]),
        .testTarget(name: "proxlabTests", dependencies: ["ProxCore", "TestHelpers"]),
    ],
    swiftLanguageModes: [.v6]
)
