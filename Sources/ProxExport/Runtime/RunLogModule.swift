/// `proxtorch/runlog.py` of an exported experiment, the same for every export.
enum RunLogModule {
    static let module = RuntimeModule(
        file: "runlog.py",
        summary: "Run folders in proxlab's format: experiment.json and events.jsonl.",
        about: "`proxlab runs` and `proxlab runs show` read them as they read proxlab's own runs.",
        body: #"""
import json
import math
import os
import time


def number(v):
    """A number as proxlab writes it: whole numbers without a point, no NaN or infinity (null)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "null"
    if float(v) == round(float(v)) and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def compact(value):
    """One line of JSON, fields in the order given (proxlab's JSON Lines)."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + compact(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(compact(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return number(value)


def pretty(value, indent=""):
    """Indented JSON as proxlab writes experiment.json: arrays of plain values on one line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (inner + json.dumps(k) + ": " + pretty(v, inner) for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)) and value:
        if not any(isinstance(v, (dict, list, tuple)) for v in value):
            return compact(value).replace(",", ", ")
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + indent + "]"
    return compact(value)


def short_dataset(spec):
    """moons:noise=0.1 -> moons; idx:/data/mnist -> mnist; csv:iris.csv -> iris."""
    base = spec.split(":")[0]
    if base in ("idx", "csv"):
        return spec.split("/")[-1].replace(".csv", "")
    return base


def safe(text):
    return "".join(c if c.isalnum() or c == "-" else "_" for c in text)[:40]


def default_root():
    """$PROXLAB_RUNS, else runs in the working directory: where proxlab looks."""
    return os.environ.get("PROXLAB_RUNS") or "runs"


class RunLog:
    """One folder per run, as proxlab writes it: experiment.json (the run's setup) and
    events.jsonl (started, step, epoch, then finished, failed or cancelled), appended whole
    lines at a time and flushed at the end of every epoch."""

    def __init__(self, root, pair, dataset, seed, setup):
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        base = f"{stamp}-{safe(pair)}-{safe(short_dataset(dataset))}-s{seed}"
        os.makedirs(root, exist_ok=True)
        self.id, n = base, 2
        while True:
            try:
                os.mkdir(os.path.join(root, self.id))
                break
            except FileExistsError:
                self.id, n = f"{base}-{n}", n + 1
        self.directory = os.path.join(root, self.id)
        write_atomically(os.path.join(self.directory, "experiment.json"), pretty(setup) + "\n")
        self.events = open(os.path.join(self.directory, "events.jsonl"), "a", encoding="utf-8")
        self.pending = []

    def append(self, event):
        self.pending.append(compact(event) + "\n")

    def flush(self):
        if self.pending:
            self.events.write("".join(self.pending))
            self.events.flush()
            os.fsync(self.events.fileno())
            self.pending = []

    def close(self):
        self.flush()
        self.events.close()


def write_atomically(path, text):
    """Writes a temporary sibling, then renames it over the path."""
    temporary = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
"""#)
}
