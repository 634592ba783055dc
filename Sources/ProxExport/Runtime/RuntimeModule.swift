/// A Python module of the package that is not compiled from the experiment:
/// its docstring (with the header every file carries) and its code.
struct RuntimeModule: Sendable {
    var file: String
    var summary: String
    var about: String
    var body: String

    func source(_ origin: GeneratedBy) -> String {
        origin.docstring(summary, [about]) + "\n" + body + "\n"
    }

    /// Every runtime module an experiment package holds, in `proxtorch/`.
    static let all = [SplitMix64Module.module, DataModule.module, ModelsModule.module, RunLogModule.module,
                      WeightsModule.module, TrainingModule.module]
}
