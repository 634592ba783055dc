import ProxCore
import ProxTrain

/// A trained run as a PyTorch package: its experiment's package (for this
/// pair and seed), the run's model.safetensors, and `evaluate.py`, which
/// loads those weights into the exported model and evaluates them as
/// proxlab does: the pair's F at the mu and lr where the saved epoch ended,
/// and the deployed network (sign weights, sign activations).
public enum RunPackage {
    /// Where the run's epoch ended, from its log: what evaluate.py holds the
    /// pair at and prints beside its own figures.
    public struct Epoch: Sendable {
        public var epoch: Int
        public var testAccuracy: Double
        public var deployAccuracy: Double
        public var mu: Double
        public var learningRate: Double
        /// Saved in a pretraining epoch: the layers computed with theta itself.
        public var fullPrecision: Bool

        public init(epoch: Int, testAccuracy: Double, deployAccuracy: Double, mu: Double, learningRate: Double,
                    fullPrecision: Bool = false) {
            (self.epoch, self.testAccuracy, self.deployAccuracy, self.mu, self.learningRate, self.fullPrecision) =
                (epoch, testAccuracy, deployAccuracy, mu, learningRate, fullPrecision)
        }
    }

    public static let weightsFile = "model.safetensors"

    public static func files(run id: String, weights: String, plan: RunPlan, epoch: Epoch, dataset: DatasetSpec,
                             origin: GeneratedBy) -> PackageFiles {
        var e = plan.experiment
        e.seeds = [plan.seed]
        e.initFrom = nil
        var files = ExperimentPackage.files(experiment: e, plans: [plan], dataset: dataset, origin: origin)
        files.copies.append((weightsFile, weights))
        files.add("evaluate.py", evaluateScript(id, plan: plan, epoch: epoch, dataset: dataset, origin: origin))
        let readme = files.text("README.md") ?? ""
        files.files.removeAll { $0.path == "README.md" }
        files.add("README.md", readme + """
            ## The run \(id)

            `model.safetensors` holds the weights of the run \(id) after epoch \(epoch.epoch) (copied from \
            its run folder). `python evaluate.py` builds the model, loads them and prints the test accuracy \
            (the pair's F at the epoch's mu = \(formatNumber(epoch.mu))) and the deploy accuracy (sign weights \
            and sign activations) beside the figures the run logged: \
            \(formatPercent(epoch.testAccuracy)) and \(formatPercent(epoch.deployAccuracy)). \
            `python evaluate.py --predictions FILE` also writes each test example's predicted class (JSON).

            """)
        return files
    }

    static func evaluateScript(_ id: String, plan: RunPlan, epoch: Epoch, dataset: DatasetSpec, origin: GeneratedBy) -> String {
        let usage = """
                python evaluate.py                            test and deploy accuracy of model.safetensors
                python evaluate.py --predictions preds.json   and each test example's predicted class
            """
        let doc = origin.docstring("Evaluates the proxlab run \(id) in PyTorch, as proxlab does.", [usage])
        let run = PythonValue.dict([
            ("id", .string(id)), ("pair", .string(plan.pair.name)), ("seed", .int(Int(plan.seed))),
            ("epoch", .int(epoch.epoch)), ("mu", .float(epoch.mu)), ("lr", .float(epoch.learningRate)),
            ("full_precision", .bool(epoch.fullPrecision)),
            ("test_accuracy", .float(epoch.testAccuracy)), ("deploy_accuracy", .float(epoch.deployAccuracy)),
        ])
        let config = [
            "# The run, as its log recorded the epoch its weights were saved after.",
            run.assignment("RUN"),
            DataEmitter.value(dataset).assignment("DATA"),
            ModelEmitter.value(plan.experiment.model).assignment("MODEL"),
            "ACTIVATION_PAIR = " + (plan.activationPair.map { PythonLiteral.string($0.name) } ?? "None"),
        ].joined(separator: "\n")
        return doc + "\n" + ExperimentPackage.scriptHead(["from proxtorch import PAIRS, data, models, training, weights",
                                                             "from proxtorch.layers import Binarizer"]) + "\n\n" + config + "\n\n\n" + evaluateRest + "\n"
    }

    static let evaluateRest = #"""
def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default=os.path.join(HERE, "model.safetensors"),
                        help="a model.safetensors of this model (default: the run's)")
    parser.add_argument("--predictions", help="write each test example's predicted class here "
                                              "(JSON: test and deploy lists, in test-set order)")
    parser.add_argument("--device", default="auto", help="auto (cuda when there is one), cpu, cuda")
    return parser.parse_args(argv)


def main(argv=None):
    args = arguments(argv)
    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    dataset = data.load(DATA)
    binarizers = [Binarizer(PAIRS[RUN["pair"]])]
    if ACTIVATION_PAIR:
        binarizers.append(Binarizer(PAIRS[ACTIVATION_PAIR]))
    for b in binarizers:
        b.hold(RUN["mu"], RUN["lr"])
        b.full_precision = RUN["full_precision"]
    model = models.build(MODEL, dataset, EXPERIMENT["binarize"], binarizers[0], RUN["seed"],
                         binarizers[1] if ACTIVATION_PAIR else None)
    weights.load(model, args.weights)
    model = model.to(device)
    _, _, test_x, test_y = dataset.tensors(device)
    test = training.predictions(model, test_x, binarizers, deploy=False)
    deploy = training.predictions(model, test_x, binarizers, deploy=True)
    n = len(test_y)
    for name, p in (("test", test), ("deploy", deploy)):
        correct = int((p == test_y).sum())
        print(f"{name:<6} accuracy {100 * correct / n:.2f}% ({correct} of {n}); the run logged "
              f"{100 * RUN[name + '_accuracy']:.2f}% after epoch {RUN['epoch']}")
    if args.predictions:
        out = {"run": RUN["id"], "test": test.tolist(), "deploy": deploy.tolist()}
        temporary = args.predictions + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(out, f)
        os.replace(temporary, args.predictions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
"""#
}
