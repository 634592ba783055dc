import Foundation
import ProxCore
import ProxExport

/// `proxlab export torch`: a pair as a self-contained PyTorch package,
/// compiled from its expression tree (ProxExport).
enum ExportCommand {
    static let usage = """
    usage: proxlab export torch <pair> --out DIR
           proxlab export torch --forward EXPR --backward EXPR [--prox EXPR] [--schedule SPEC]
                                [--backward-at latent|quantized] [--clip C] --out DIR

    Writes a Python package into DIR (a new folder) that needs PyTorch, not proxlab:
      proxtorch/<pair>.py  F, B, B' and P compiled into torch operations, the mu
                           schedule, the pair as a torch.autograd.Function (setup_context
                           form, so torch.func works) and the clip/reset after a step
      proxtorch/layers.py  Binarizer, BinaryLinear, BinaryConv2d, and binarize(model, ...)
                           that swaps the nn.Linear/nn.Conv2d layers of any model
      README.md            how to use them
    A preset's options (--schedule, --backward-at, --clip, --prox) change that field.

    examples:
      proxlab export torch bnnplus --out bnnplus-torch
      proxlab export torch --forward 'signswish(mu) . sign' --backward 'signswish(mu)' --schedule 'linear(5, 50)' --out bnnpp
    """

    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        guard let target = args.first, !target.hasPrefix("-") else {
            throw CLIError("proxlab export: give the target format: proxlab export torch <pair> --out DIR (see proxlab export --help)")
        }
        guard target == "torch" else {
            throw CLIError("proxlab export: unknown target '\(target)'; targets: torch")
        }
        let rest = Array(args.dropFirst())
        let a = try Arguments(rest, command: "export", options: PairInput.options.union(["out"]), flags: [])
        guard let out = a["out"], !out.isEmpty else {
            throw CLIError("proxlab export: give the folder to write with --out DIR")
        }
        let pair = try PairInput.pair(a, command: "export")
        let origin = GeneratedBy(command: (["proxlab", "export"] + args).map(shellQuoted).joined(separator: " "),
                                 source: source(of: a.positionals.first, pair: pair))
        let files = PairPackage.files(pairs: [pair], origin: origin)
        do { try files.write(to: out) } catch { throw CLIError("proxlab export: \(error)") }
        let listing = files.files.map { "  " + $0.path }.joined(separator: "\n")
        return ("wrote \(out):\n\(listing)\n", 0)
    }

    /// What the package was generated from, for its headers.
    static func source(of positional: String?, pair: QuantizerPair) -> String {
        guard let name = positional else {
            return "the pair given on the command line (F = \(pair.forward), B = \(pair.backward))"
        }
        if name.hasSuffix(".json") || name.contains("/") { return "the pair file \(name)" }
        return "the built-in pair preset \(name) (presets/quantizers/\(name.lowercased()).json)"
    }

    static func shellQuoted(_ s: String) -> String {
        let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./,:=+@%".contains($0) }
        return plain && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
