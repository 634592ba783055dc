/// `proxtorch/data.py` of an exported experiment, the same for every export.
enum DataModule {
    static let module = RuntimeModule(
        file: "data.py",
        summary: "An experiment's data: proxlab's toy sets, IDX and CSV loaders, standardization, batch order.",
        about: "The toy sets are generated as proxlab generates them (Sources/ProxTrain/Data/Toy), draw for draw, so a seed gives the same points; the batch order is proxlab's BatchSampler, shared out over DDP processes.",
        body: #"""
import gzip
import math
import os

import numpy as np
import torch

from .splitmix64 import SplitMix64, derived_seed, permutation


class Dataset:
    """Train and test splits as float32 features [n, d] and int64 labels [n], numpy arrays."""

    def __init__(self, name, train_x, train_y, test_x, test_y, class_count, image_shape=None):
        self.name = name
        self.train_x, self.train_y = train_x, train_y
        self.test_x, self.test_y = test_x, test_y
        self.class_count = class_count
        self.image_shape = image_shape
        self.feature_count = train_x.shape[1]

    def tensors(self, device):
        """The four arrays as torch tensors on a device."""
        t = lambda a: torch.from_numpy(a).to(device)
        return t(self.train_x), t(self.train_y), t(self.test_x), t(self.test_y)


# -- Toy sets: proxlab's generators, draw for draw (Sources/ProxTrain/Data/Toy) --


def linspace(start, stop, count, endpoint=True):
    """numpy's linspace as start + i step, the last value exactly stop with endpoint."""
    if count <= 0:
        return []
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1 if endpoint else count)
    values = [start + i * step for i in range(count)]
    if endpoint:
        values[-1] = stop
    return values


def class_sizes(n, k):
    """n points over k classes, the remainder going to the last classes."""
    return [n // k + (1 if c >= k - n % k else 0) for c in range(k)]


def class_labels(sizes):
    return np.concatenate([np.full(m, c, dtype=np.int64) for c, m in enumerate(sizes)])


def assemble(points, sizes, noise, rng):
    """Adds Gaussian noise of deviation `noise` to each coordinate, in storage order."""
    features = np.empty((len(points), 2), dtype=np.float32)
    for i, (x, y) in enumerate(points):
        dx = noise * rng.gaussian()
        dy = noise * rng.gaussian()
        features[i] = (x + dx, y + dy)
    return features, class_labels(sizes)


def moons(n, noise, seed):
    """Two interleaving half circles (scikit-learn's make_moons)."""
    sizes = class_sizes(n, 2)
    points = [(math.cos(t), math.sin(t)) for t in linspace(0, math.pi, sizes[0])]
    points += [(1 - math.cos(t), 1 - math.sin(t) - 0.5) for t in linspace(0, math.pi, sizes[1])]
    return assemble(points, sizes, noise, SplitMix64(seed))


def circles(n, noise, factor, seed):
    """A circle of radius factor inside the unit circle (scikit-learn's make_circles)."""
    sizes = class_sizes(n, 2)
    points = [(math.cos(t), math.sin(t)) for t in linspace(0, 2 * math.pi, sizes[0], False)]
    points += [
        (factor * math.cos(t), factor * math.sin(t))
        for t in linspace(0, 2 * math.pi, sizes[1], False)
    ]
    return assemble(points, sizes, noise, SplitMix64(seed))


def spirals(n, noise, turns, seed):
    """Two interleaved Archimedean spirals, half a turn apart."""
    sizes = class_sizes(n, 2)
    points = []
    for c, m in enumerate(sizes):
        for i in range(m):
            r = (i + 1) / m
            a = 2 * math.pi * turns * r + c * math.pi
            points.append((r * math.cos(a), r * math.sin(a)))
    return assemble(points, sizes, noise, SplitMix64(seed))


def xor(n, noise, seed):
    """Four quadrants, opposite ones sharing a class; magnitudes uniform in [0.1, 1)."""
    margin = 0.1
    sizes = class_sizes(n, 2)
    rng = SplitMix64(seed)
    features = np.empty((n, 2), dtype=np.float32)
    row = 0
    for c, m in enumerate(sizes):
        for i in range(m):
            sx = 1.0 if i % 2 == 0 else -1.0
            sy = sx if c == 0 else -sx
            ax = margin + (1 - margin) * rng.unit_double()
            ay = margin + (1 - margin) * rng.unit_double()
            dx = noise * rng.gaussian()
            dy = noise * rng.gaussian()
            features[row] = (sx * ax + dx, sy * ay + dy)
            row += 1
    return features, class_labels(sizes)


def blobs(n, k, noise, seed):
    """k Gaussian clusters centred evenly on the unit circle, the first at the top."""
    sizes = class_sizes(n, k)
    points = []
    for c, m in enumerate(sizes):
        a = math.pi / 2 + 2 * math.pi * c / k
        points += [(math.cos(a), math.sin(a))] * m
    return assemble(points, sizes, noise, SplitMix64(seed))


def stratified(features, labels, test_fraction, seed):
    """A seeded shuffle, then round(m test_fraction) of each class's m examples to the test set."""
    class_count = int(labels.max()) + 1 if len(labels) else 0
    counts = np.bincount(labels, minlength=class_count)
    quota = [math.floor(c * test_fraction + 0.5) for c in counts]
    rng = SplitMix64(derived_seed(seed, 0x5EED5917))
    taken = [0] * class_count
    train_rows, test_rows = [], []
    for i in permutation(len(labels), rng):
        c = labels[i]
        if taken[c] < quota[c]:
            taken[c] += 1
            test_rows.append(i)
        else:
            train_rows.append(i)
    train_rows = np.array(train_rows, dtype=np.int64)
    test_rows = np.array(test_rows, dtype=np.int64)
    return features[train_rows], labels[train_rows], features[test_rows], labels[test_rows]


TOYS = {
    "moons": lambda s: moons(s["n"], s["noise"], s["seed"]),
    "circles": lambda s: circles(s["n"], s["noise"], s["factor"], s["seed"]),
    "spirals": lambda s: spirals(s["n"], s["noise"], s["turns"], s["seed"]),
    "xor": lambda s: xor(s["n"], s["noise"], s["seed"]),
    "blobs": lambda s: blobs(s["n"], s["k"], s["noise"], s["seed"]),
}


# -- IDX (MNIST, Fashion-MNIST) --

IDX_PARTS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An unsigned-byte IDX file (gzipped or not) as a numpy array of its dimensions."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"{path}: not an IDX file (expected 0x00 0x00, a type code, a rank)")
    if raw[2] != 0x08:
        raise ValueError(f"{path}: element type 0x{raw[2]:02x} is not supported: "
                         "expected unsigned byte")
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data, expected {int(np.prod(dims))}")
    return data.reshape(dims)


def load_idx(directory, class_count=None):
    """The four IDX files of a directory; pixels as float32(byte) / 255, as proxlab reads them."""
    paths = []
    for part in IDX_PARTS:
        found = [p for p in (os.path.join(directory, part + ".gz"), os.path.join(directory, part))
                 if os.path.exists(p)]
        if not found:
            raise FileNotFoundError(f"{directory}: missing {part}[.gz]")
        paths.append(found[0])
    train_images, train_labels, test_images, test_labels = (read_idx(p) for p in paths)
    shape = (1,) + train_images.shape[1:] if train_images.ndim == 3 else None
    flat = lambda a: a.reshape(a.shape[0], -1).astype(np.float32) / np.float32(255)
    train_y, test_y = train_labels.astype(np.int64), test_labels.astype(np.int64)
    classes = class_count or int(max(train_y.max(), test_y.max())) + 1
    return flat(train_images), train_y, flat(test_images), test_y, classes, shape


# -- CSV: a label column and numeric features (proxlab's CSVTable rules) --


def csv_fields(line, delimiter):
    """The fields of one line: quoted with \" (\"\" inside is a quote), spaces around ignored."""
    fields, i, n = [], 0, len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i < n and line[i] == '"':
            i += 1
            text = []
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        text.append('"')
                        i += 2
                        continue
                    break
                text.append(line[i])
                i += 1
            if i >= n:
                raise ValueError("unterminated quoted field")
            i += 1
            while i < n and line[i] in " \t":
                i += 1
            if i < n and line[i] != delimiter:
                raise ValueError(f"unexpected {line[i]!r} after a quoted field")
            fields.append("".join(text))
        else:
            start = i
            while i < n and line[i] != delimiter:
                i += 1
            fields.append(line[start:i].rstrip(" \t"))
        if i >= n:
            return fields
        i += 1


def number(text):
    try:
        v = float(text)
    except ValueError:
        return None
    return v if "_" not in text else None


def read_csv(path, options):
    """(features float32 [n, d], label texts) of one CSV file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    rows, header, label_column, columns = [], None, 0, 0
    first = True
    for number_, line in enumerate(lines, 1):
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        fields = csv_fields(line, options["sep"])
        where = f"{path}:{number_}"
        if first:
            first = False
            columns = len(fields)
            if columns < 2:
                raise ValueError(f"{where}: one column; expected a label and at least one feature")
            label = options["label"]
            if isinstance(label, int):
                label_column = label + columns if label < 0 else label
                if not 0 <= label_column < columns:
                    raise ValueError(f"{where}: label column {label} is out of range")
            else:
                if label not in fields:
                    raise ValueError(f"{where}: no column named {label!r}")
                label_column = fields.index(label)
            is_header = options["header"]
            if is_header is None:
                is_header = not isinstance(label, int) or any(
                    j != label_column and number(f) is None for j, f in enumerate(fields))
            if is_header:
                header = fields
                continue
        if len(fields) != columns:
            raise ValueError(f"{where}: {len(fields)} fields, expected {columns}")
        row = []
        for j, field in enumerate(fields):
            if j == label_column:
                if not field:
                    raise ValueError(f"{where}: empty label")
                continue
            v = number(field)
            if v is None or not math.isfinite(v):
                raise ValueError(f"{where}: {field!r} is not a finite number")
            row.append(v)
        rows.append((row, fields[label_column]))
    if not rows:
        raise ValueError(f"{path}: no data rows")
    features = np.array([r for r, _ in rows], dtype=np.float32)
    return features, [l for _, l in rows]


def number_classes(labels):
    """Non-negative integer labels are their own class; others are sorted and numbered."""
    distinct = set(labels)
    ints = {}
    for s in distinct:
        try:
            ints[s] = int(s)
        except ValueError:
            pass
    if len(ints) == len(distinct) and all(v >= 0 for v in ints.values()):
        return max(ints.values()) + 1, None, ints
    if len(ints) == len(distinct):
        names = sorted(distinct, key=lambda s: ints[s])
    else:
        names = sorted(distinct)
    return len(names), names, {s: i for i, s in enumerate(names)}


def load_csv(spec):
    train_x, train_labels = read_csv(spec["path"], spec)
    test = read_csv(spec["testfile"], spec) if spec["testfile"] else None
    classes, _, index = number_classes(train_labels + (test[1] if test else []))
    train_y = np.array([index[s] for s in train_labels], dtype=np.int64)
    if test:
        test_y = np.array([index[s] for s in test[1]], dtype=np.int64)
        return train_x, train_y, test[0], test_y, classes
    return stratified(train_x, train_y, spec["test"], spec["seed"]) + (classes,)


# -- Standardization: statistics of the training split, applied to both --


def standardize(train_x, test_x, mode):
    """(x - mean) / std in float32; mean and std in float64 over the training split, rounded."""
    if mode is None:
        return train_x, test_x
    x = train_x.astype(np.float64)
    if mode == "global":
        mean = x.mean()
        var = ((x - mean) ** 2).mean()
        mean, std = np.float32(mean), np.float32(math.sqrt(var) if var > 0 else 1)
    else:
        mean = x.mean(axis=0)
        var = ((x - mean) ** 2).mean(axis=0)
        mean, std = mean.astype(np.float32), np.where(var > 0, np.sqrt(var), 1).astype(np.float32)
    return (train_x - mean) / std, (test_x - mean) / std


def load(spec):
    """The data set a resolved spec describes (a DATA dict of train.py)."""
    kind = spec["kind"]
    shape = None
    if kind in TOYS:
        features, labels = TOYS[kind](spec)
        train_x, train_y, test_x, test_y = stratified(features, labels, spec["test"], spec["seed"])
        classes = spec.get("k", 2) if kind == "blobs" else 2
    elif kind in ("fashion-mnist", "idx"):
        directory = spec.get("dir") or (os.environ.get("FMNIST_DIR") or FASHION_MNIST_DIR
                                        if kind == "fashion-mnist" else None)
        classes = 10 if kind == "fashion-mnist" else None
        train_x, train_y, test_x, test_y, classes, shape = load_idx(directory, classes)
    elif kind == "csv":
        train_x, train_y, test_x, test_y, classes = load_csv(spec)
    else:
        raise ValueError(f"unknown data set kind {kind!r}")
    train_x, test_x = standardize(train_x, test_x, spec.get("std"))
    return Dataset(spec["name"], train_x, train_y, test_x, test_y, classes, shape)


class BatchOrder:
    """proxlab's batch order: epoch e walks a Fisher-Yates permutation drawn from
    SplitMix64(derived_seed(seed, e)) in batches of `batch`, the last partial batch dropped.

    Under DDP each of `world` processes takes its contiguous share of every global batch,
    so the processes together see exactly proxlab's batches (DistributedSampler's role).
    """

    def __init__(self, count, batch, seed, rank=0, world=1):
        if batch % world:
            raise ValueError(f"the global batch {batch} does not split over {world} processes")
        self.count, self.batch, self.seed = count, batch, seed
        self.rank, self.world = rank, world
        self.steps = count // batch

    def epoch(self, epoch):
        """The rank's rows of each batch of the epoch, as index arrays."""
        order = np.array(permutation(self.count, SplitMix64(derived_seed(self.seed, epoch))))
        share = self.batch // self.world
        lo = self.rank * share
        return [order[b * self.batch + lo:b * self.batch + lo + share] for b in range(self.steps)]
"""#)
}
