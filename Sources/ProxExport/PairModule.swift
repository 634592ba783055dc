import ProxCore

/// One pair as a Python module: its pieces, F, B, B' and P compiled into
/// torch operations, the mu schedule, the `torch.autograd.Function` of the
/// PC++ step (docs/THEORY.md section 2) and the hook after the optimizer step.
public struct PairModule: Sendable {
    public var pair: QuantizerPair
    public var origin: GeneratedBy

    public init(pair: QuantizerPair, origin: GeneratedBy) {
        self.pair = pair
        self.origin = origin
    }

    /// The module's name inside the package: the pair's name as an identifier.
    public var moduleName: String { PythonLiteral.identifier(pair.name) }

    var title: String { pair.title.isEmpty ? pair.name : pair.title }
    var prox: Quantizer { pair.effectiveProx }
    var identityBackward: Bool { pair.backward == .identity }

    public var source: String {
        var sections: [String] = [header + "\n" + imports, constants]
        sections.append("# The pieces this pair uses (proxlab's docs/THEORY.md section 3): value and a.e.\n"
            + "# derivative, the right-hand value at a kink.\n"
            + QuantizerCompiler.pieceKinds(maps).map(PieceSource.definitions).joined(separator: "\n\n\n"))
        sections.append(mapFunctions)
        if ScheduleCompiler.needsRunFraction(pair.schedule) { sections.append(ScheduleCompiler.runFraction) }
        sections.append(ScheduleCompiler.function(pair.schedule))
        sections.append(function)
        sections.append(helpers)
        sections.append(afterStep)
        return sections.joined(separator: "\n\n\n") + "\n"
    }

    var maps: [Quantizer] { [pair.forward, pair.backward, prox] }

    var header: String {
        let at = pair.backwardAt == .latent ? "x = theta (latent)" : "x = P_mu(theta) (quantized)"
        var extras: [String] = []
        if let c = pair.latentClip { extras.append("theta <- clip(theta, -\(formatNumber(c)), \(formatNumber(c)))") }
        if pair.resetAfterStep { extras.append("theta <- P_mu(theta)") }
        func entry(_ label: String, _ text: String) -> String {
            let padded = label.padding(toLength: 10, withPad: " ", startingAt: 0)
            let lines = PythonLiteral.wrap(text, width: 84, indent: String(repeating: " ", count: 14))
            return lines.enumerated().map { i, l in i == 0 ? "    " + padded + l.dropFirst(14) : l }.joined(separator: "\n")
        }
        let summary = [
            entry("forward", "w = F_mu(theta), F = \(pair.forward)"),
            entry("backward", "g_theta = B'_mu(x) * g_w, B = \(pair.backward), \(at)"),
            entry("prox", "P = \(prox)\(pair.prox == nil ? " (none declared: sign)" : "")"),
            entry("schedule", "mu = \(pair.schedule)"),
            entry("after", "optimizer.step(): \(extras.isEmpty ? "nothing" : extras.joined(separator: ", then "))"),
        ].joined(separator: "\n")
        var body = ["The PC++ step (ProxConnect++, Lu, Yu, Li, Partovi Nia, NeurIPS 2023):\n\n" + summary]
        if !pair.summary.isEmpty { body.append(pair.summary) }
        if !pair.source.isEmpty { body.append("Source: " + pair.source) }
        return origin.docstring("\(title) (\(pair.name)): the binarization pair as a PyTorch autograd function.", body)
    }

    var imports: String {
        let math = QuantizerCompiler.needsMath(maps) || ScheduleCompiler.needsMath(pair.schedule) || pair.freeze != nil
        return (math ? "import math\n\n" : "") + "import torch"
    }

    var constants: String {
        func s(_ name: String, _ text: String) -> String { PythonLiteral.assignment(name, text) }
        return ([
            s("NAME", pair.name), s("TITLE", title), s("FORWARD", pair.forward.description),
            s("BACKWARD", pair.backward.description),
            pair.prox.map { s("PROX", $0.description) } ?? "PROX = None",
            s("BACKWARD_AT", pair.backwardAt.rawValue), s("SCHEDULE", pair.schedule.description),
            "CLIP = \(pair.latentClip.map(PythonLiteral.float) ?? "None")",
            "RESET = \(PythonLiteral.bool(pair.resetAfterStep))",
            "# The pair as its proxlab preset file spells it (a run's experiment.json holds it).",
            preset.assignment("PRESET"),
            "# lr in the expressions is the optimizer's current step size (a run passes it to every",
            "# map, as proxlab binds its rate: docs/THEORY.md section 2); outside a run, this nominal one.",
            "LR = \(PythonLiteral.float(Param.nominalLearningRate))",
            "# From this share of the (binarized) run on, theta is held at sign(theta) and not updated.",
            "FREEZE = \(pair.freeze.map(PythonLiteral.float) ?? "None")",
        ]).joined(separator: "\n")
    }

    var preset: PythonValue {
        PythonValue(json: (try? JSONValue(parsing: PairPreset.encode(pair))) ?? .object([("name", .string(pair.name))]))
    }

    var mapFunctions: String {
        func def(_ signature: String, _ summary: String, _ formula: String, _ body: [String]) -> String {
            let formulaLines = PythonLiteral.wrap(formula, width: 88, indent: "    ")
            let doc = "    \"\"\"\(PythonLiteral.docText(summary))\n\n"
                + formulaLines.map(PythonLiteral.docText).joined(separator: "\n") + "\n    \"\"\""
            return "def \(signature):\n" + doc + "\n" + body.map { "    " + $0 }.joined(separator: "\n")
        }
        return [
            def("forward_map(theta, mu, lr=LR)", "F_mu(theta): the weights the network computes with.",
                "F = \(pair.forward)", QuantizerCompiler.valueBody(pair.forward, "theta")),
            def("backward_map(x, mu, lr=LR)", "B_mu(x), the backward quantizer.",
                "B = \(pair.backward)", QuantizerCompiler.valueBody(pair.backward, "x")),
            def("backward_slope(x, mu, lr=LR)", "B'_mu(x), the multiplier of the backward pass: the exact derivative of",
                "B = \(pair.backward)", QuantizerCompiler.slopeBody(pair.backward, "x")),
            def("prox_map(theta, mu, lr=LR)", "P_mu(theta), the proximal quantizer.",
                "P = \(prox)", QuantizerCompiler.valueBody(prox, "theta")),
        ].joined(separator: "\n\n\n")
    }

    var function: String {
        let point = pair.backwardAt == .latent ? "theta" : "P_mu(theta)"
        let backward: String
        if identityBackward {
            backward = """
                @staticmethod
                def backward(ctx, grad_w):
                    # B = id: B' = 1 wherever it is read, so g_theta = g_w.
                    return grad_w, None, None
            """
        } else {
            let x = pair.backwardAt == .latent ? "theta" : "prox_map(theta, ctx.mu, ctx.lr)"
            backward = """
                @staticmethod
                def backward(ctx, grad_w):
                    (theta,) = ctx.saved_tensors
                    return grad_w * backward_slope(\(x), ctx.mu, ctx.lr), None, None
            """
        }
        let save = identityBackward ? "" : "\n        ctx.save_for_backward(theta)"
        return """
        class PairFunction(torch.autograd.Function):
            \"\"\"w = F_mu(theta) forward; g_theta = B'_mu(x) * g_w backward, x = \(point).

            The setup_context form, so torch.func (grad, vmap, jacrev) can transform it.
            \"\"\"

            generate_vmap_rule = True

            @staticmethod
            def forward(theta, mu, lr):
                return forward_map(theta, mu, lr)

            @staticmethod
            def setup_context(ctx, inputs, output):
                theta, mu, lr = inputs\(save)
                ctx.mu, ctx.lr = mu, lr

        \(backward)
        """
    }

    var helpers: String {
        """
        def quantize(theta, mu, lr=LR):
            \"\"\"w = F_mu(theta), differentiable: the backward pass multiplies by B'_mu.\"\"\"
            return PairFunction.apply(theta, mu, lr)


        def deploy(theta):
            \"\"\"The weights one would ship: sign(theta), with sign(0) = +1.\"\"\"
            return (theta >= 0).to(theta.dtype) * 2 - 1
        """
    }

    var afterStep: String {
        var steps: [String] = []
        var doc: [String] = []
        if pair.latentClip != nil {
            steps.append("theta.clamp_(-CLIP, CLIP)")
            doc.append("theta <- clip(theta, -CLIP, CLIP)")
        }
        if pair.resetAfterStep {
            steps.append("theta.copy_(prox_map(theta, mu, lr))")
            doc.append("theta <- P_mu(theta)")
        }
        let what = doc.isEmpty ? "nothing for this pair" : doc.joined(separator: ", then ")
        let body = (["    for theta in latent_weights:", "        if frozen:", "            theta.copy_(deploy(theta))"]
            + (steps.isEmpty ? [] : ["        else:"] + steps.map { "            " + $0 })).joined(separator: "\n")
        let freeze: String
        if pair.freeze != nil {
            freeze = """
            def frozen(step, total_steps):
                \"\"\"Whether 0-based step `step` of `total_steps` is in the freeze: from step
                round(FREEZE total_steps) on, theta is held at sign(theta) and the optimizer skips it.\"\"\"
                return step >= math.floor(FREEZE * total_steps + 0.5)
            """
        } else {
            freeze = """
            def frozen(step, total_steps):
                \"\"\"This pair has no freeze: theta keeps training to the end.\"\"\"
                return False
            """
        }
        return freeze + """



        @torch.no_grad()
        def after_step(latent_weights, mu, lr=LR, frozen=False):
            \"\"\"After optimizer.step(), on the binarized layers' latent weights:

            \(what); in the freeze, theta <- sign(theta) instead.
            \"\"\"
        \(body)
        """
    }

}
