import ProxCore
import ProxTrain

/// An experiment as a PyTorch package: the pair modules and layers of
/// `PairPackage`, the runtime modules (data, models, trainer, run log,
/// weights), `experiment.json` and `train.py`, which runs as one process
/// or under `torchrun` and logs its runs in proxlab's format.
public enum ExperimentPackage {
    public static func files(experiment: Experiment, plans: [RunPlan], dataset: DatasetSpec,
                             origin: GeneratedBy) -> PackageFiles {
        var pairs: [QuantizerPair] = []
        for plan in plans where !pairs.contains(where: { $0.name == plan.pair.name }) { pairs.append(plan.pair) }
        let activation = plans.first?.activationPair
        var files = PairPackage.files(pairs: pairs + (activation.map { [$0] } ?? []), origin: origin)
        for module in RuntimeModule.all { files.add("\(PairPackage.packageName)/\(module.file)", module.source(origin)) }
        var e = experiment
        e.pairs = pairs.map(\.name)
        files.add("experiment.json", e.json.prettyText() + "\n")
        files.add("train.py", trainScript(e, dataset: dataset, activation: activation, origin: origin))
        files.files.removeAll { $0.path == "README.md" }
        files.add("README.md", readme(e, pairs: pairs, origin: origin))
        return files
    }

    static func trainScript(_ e: Experiment, dataset: DatasetSpec, activation: QuantizerPair?, origin: GeneratedBy) -> String {
        let usage = """
                python train.py                         every pair and seed of experiment.json in turn
                python train.py --pair \(e.pairs.first ?? "bc") --seed 0 --epochs 2
                torchrun --nproc_per_node 2 train.py    DDP: gloo on CPUs, NCCL on GPUs; each process takes
                                                        its share of every global batch of \(e.batch)
            """
        let logs = """
            Each run is logged under --runs-dir (default $PROXLAB_RUNS, else ./runs) as proxlab logs its \
            own: `proxlab runs --runs-dir DIR` lists it and `proxlab runs show ID` prints its epochs.
            """
        let doc = origin.docstring("Trains the experiment \(e.name) in PyTorch, as `proxlab train` does.", [usage, logs])
        let config = [
            "# What proxlab resolved from the experiment's \"dataset\" and \"model\" fields.",
            DataEmitter.value(dataset).assignment("DATA"),
            ModelEmitter.value(e.model).assignment("MODEL"),
            "ACTIVATION_PAIR = " + (activation.map { PythonLiteral.string($0.name) } ?? "None"),
            PythonLiteral.assignment("ORIGIN", origin.command),
        ].joined(separator: "\n")
        return doc + "\n" + scriptHead(["from proxtorch import PAIRS, data, runlog, training"]) + "\n\n" + config + "\n\n\n" + rest + "\n"
    }

    static func readme(_ e: Experiment, pairs: [QuantizerPair], origin: GeneratedBy) -> String {
        let modules = pairs.map { PairModule(pair: $0, origin: origin) }
        let first = e.pairs.first ?? "bc"
        return PairPackage.readme(modules, origin: origin) + """
        ## Training the experiment \(e.name)

        `\(e.model)` on `\(e.dataset)`, binarize `\(e.binarize.rawValue)`, \(e.epochs) epochs of batch \(e.batch), \
        \(e.optimizer.rawValue) at lr \(formatNumber(e.learningRate)) (\(e.learningRateSchedule.rawValue)), \
        seeds \(e.seeds.map(String.init).joined(separator: ", ")) (`experiment.json`, proxlab's experiment format).

        ```
        pip install torch numpy safetensors
        python train.py                                  # every pair and seed, one run after another
        python train.py --pair \(first) --seed 0 --epochs 1
        torchrun --nproc_per_node 2 train.py             # DDP on one machine (gloo on CPU, NCCL on GPU)
        torchrun --nnodes 2 --nproc_per_node 8 --rdzv-backend c10d --rdzv-endpoint HOST:29500 train.py
        ```

        The data are proxlab's: the toy sets are generated with proxlab's seeded generator (the same \
        points for the same seed), images and CSV files are read and standardised as proxlab reads them \
        (`DATA` in train.py says which; `FMNIST_DIR` points to Fashion-MNIST). The initial weights are \
        proxlab's draws and the batch order is proxlab's; under torchrun every process takes its share \
        of each global batch of \(e.batch), so the global batch stays the experiment's, and batch norm \
        normalises with the whole global batch's statistics (`GlobalBatchNorm` in proxtorch/training.py, \
        on CPUs and GPUs alike): N processes compute what one process computes, up to rounding.

        Each run writes a folder under `--runs-dir` (default `$PROXLAB_RUNS`, else `runs`): \
        `experiment.json`, `events.jsonl` and `model.safetensors`, in proxlab's formats. \
        `proxlab runs --runs-dir DIR` lists the runs and `proxlab runs show ID --runs-dir DIR` prints \
        one run's epochs, as for proxlab's own runs.

        """
    }

    /// The opening of a script of the package (train.py, evaluate.py): it
    /// finds `proxtorch` beside itself, imports `imports` from it and reads
    /// experiment.json.
    static func scriptHead(_ imports: [String]) -> String {
        """
        import argparse
        import json
        import os
        import sys

        HERE = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, HERE)

        import torch  # noqa: E402


        """ + imports.map { $0 + "  # noqa: E402" }.joined(separator: "\n") + """


        with open(os.path.join(HERE, "experiment.json"), encoding="utf-8") as f:
            EXPERIMENT = json.load(f)
        """
    }

    static let rest = #"""
def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pair", help="pair names, comma-separated (default: the experiment's)")
    parser.add_argument("--seed", help="seeds, comma-separated (default: the experiment's)")
    parser.add_argument("--epochs", type=int, help="epochs per run")
    parser.add_argument("--runs-dir", default=runlog.default_root(),
                        help="where run folders go (default: $PROXLAB_RUNS, else runs)")
    parser.add_argument("--no-log", action="store_true", help="keep no run folder")
    parser.add_argument("--device", default="auto", help="auto (cuda when there is one), cpu, cuda")
    parser.add_argument("--threads", type=int,
                        help="CPU threads per run (default: the experiment's)")
    return parser.parse_args(argv)


def progress(event):
    """One line per epoch, as proxlab train prints them."""
    if event["event"] == "epoch":
        pct = {k: f"{100 * event[k]:.2f}%" for k in
               ("train_accuracy", "test_accuracy", "deploy_accuracy", "flip_ratio")}
        print(f"epoch {event['epoch']:<3} loss {event['train_loss']:.4f}  "
              f"train {pct['train_accuracy']}  test {pct['test_accuracy']}  "
              f"deploy {pct['deploy_accuracy']}  flip {pct['flip_ratio']}  "
              f"mu {event['mu']:g}  {event['seconds']:.2f} s", flush=True)
    elif event["event"] == "failed":
        print("failed: " + event["reason"], file=sys.stderr, flush=True)


def main(argv=None):
    args = arguments(argv)
    experiment = dict(EXPERIMENT)
    if args.epochs is not None:
        experiment["epochs"] = args.epochs
    pairs = args.pair.split(",") if args.pair else experiment["pairs"]
    seeds = [int(s) for s in args.seed.split(",")] if args.seed else experiment["seeds"]
    unknown = [p for p in pairs if p not in PAIRS]
    if unknown:
        sys.exit(f"train.py: no pair named {unknown[0]!r} in this package ({', '.join(PAIRS)})")
    processes = training.Processes(args.device)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = min(args.threads or experiment.get("threads", 2), cores or 1)
    torch.set_num_threads(max(1, threads // processes.local_world))
    dataset = data.load(DATA)
    failed = False
    for name in pairs:
        for seed in seeds:
            run = training.Run(experiment, PAIRS[name], seed, dataset, MODEL, processes, ORIGIN,
                               PAIRS[ACTIVATION_PAIR] if ACTIVATION_PAIR else None)
            if processes.lead:
                print(f"{name} seed {seed}: {experiment['model']} on {experiment['dataset']}, "
                      f"{experiment['epochs']} epochs, {processes.world} process(es) on "
                      f"{processes.device}", flush=True)
            result = run.train(None if args.no_log else args.runs_dir, on_event=progress)
            if processes.lead and result.get("log"):
                print(f"log: {result['log']}", flush=True)
            failed = failed or "failed" in result
    processes.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
"""#
}
