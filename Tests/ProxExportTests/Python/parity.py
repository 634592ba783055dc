"""Writes what an exported package generates, for ExperimentParityTests to compare with proxlab.

usage: parity.py MANIFEST.json
manifest: {"package": folder of an exported experiment,
           "data": [{"spec": a DATA dict, "out": path}],
           "models": [{"model": a MODEL dict, "features": d, "classes": k, "image_shape": [c, h, w]
                       or null, "binarize": mode, "seed": s, "activations": whether an
                       activation pair quantizes the hidden activations, "out": path}]}
Each output is a safetensors file: the data set's train_x, train_y, test_x, test_y, or the
model's initial tensors under proxlab's names.
"""

import json
import sys

import numpy as np
import torch
from safetensors.numpy import save_file

torch.set_num_threads(1)


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    sys.path.insert(0, manifest["package"])
    from proxtorch import PAIRS, data, models, weights
    from proxtorch.layers import Binarizer

    for item in manifest["data"]:
        d = data.load(item["spec"])
        save_file({"train_x": d.train_x, "train_y": d.train_y, "test_x": d.test_x,
                   "test_y": d.test_y, "classes": np.array([d.class_count])}, item["out"])
    pair = next(iter(PAIRS.values()))
    for item in manifest["models"]:
        x = np.zeros((1, item["features"]), dtype=np.float32)
        y = np.zeros(1, dtype=np.int64)
        shape = tuple(item["image_shape"]) if item["image_shape"] else None
        fake = data.Dataset("fake", x, y, x, y, item["classes"], shape)
        activations = Binarizer(pair) if item.get("activations") else None
        model = models.build(item["model"], fake, item["binarize"], Binarizer(pair), item["seed"], activations)
        save_file(weights.tensors(model), item["out"])


if __name__ == "__main__":
    main()
