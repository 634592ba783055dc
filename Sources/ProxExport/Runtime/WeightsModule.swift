/// `proxtorch/weights.py` of an exported experiment, the same for every export.
enum WeightsModule {
    static let module = RuntimeModule(
        file: "weights.py",
        summary: "model.safetensors in proxlab's naming: writing a run's weights, loading a proxlab run's.",
        about: "Tensor names: I.weight, I.bias, I.running_mean, I.running_var with I the layer's index, and I.weight_packed for the signs of a binarized layer (Sources/ProxTrain/Checkpoint/ModelTensors.swift).",
        body: #"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

from .layers import BinaryConv2d, BinaryLinear
from .models import Clip, GlobalAvgPool, QuantizeActivations, Residual

FORMAT = "proxlab-model/1"


def describe(layer):
    """A layer as proxlab's `layers` metadata describes it (kind, sizes, name)."""
    binary = isinstance(layer, (BinaryLinear, BinaryConv2d))
    tag = " (binary)" if binary else ""
    if isinstance(layer, nn.Linear):
        return {"kind": "dense", "in": layer.in_features, "out": layer.out_features,
                "bias": layer.bias is not None, "binarized": binary,
                "name": f"dense {layer.in_features}->{layer.out_features}{tag}"}
    if isinstance(layer, nn.Conv2d):
        k = layer.kernel_size[0]
        return {"kind": f"conv{k}x{k}", "in": layer.in_channels, "out": layer.out_channels,
                "padding": k // 2, "bias": layer.bias is not None, "binarized": binary,
                "name": f"conv{k}x{k} {layer.in_channels}->{layer.out_channels}{tag}"}
    if isinstance(layer, Residual):
        body, shortcut = [describe(m) for m in layer.body], [describe(m) for m in layer.shortcut]
        around = next((d["name"] for d in body if d["kind"].startswith("conv")), body[0]["name"])
        convs = [d["name"] for d in shortcut if d["kind"].startswith("conv")]
        return {"kind": "residual", "body": body, "shortcut": shortcut,
                "name": f"residual ({around}" + (f"; shortcut {convs[0]})" if convs else ")")}
    if isinstance(layer, nn.BatchNorm1d):
        return {"kind": "batchnorm", "eps": layer.eps, "momentum": layer.momentum,
                "name": f"batchnorm {layer.num_features}"}
    if isinstance(layer, nn.BatchNorm2d):
        return {"kind": "batchnorm2d", "eps": layer.eps, "momentum": layer.momentum,
                "name": f"batchnorm2d {layer.num_features}"}
    kinds = [(nn.ReLU, "relu", "relu"), (Clip, "hardtanh", "hardtanh"),
             (nn.Identity, "identity", "identity"), (nn.MaxPool2d, "maxpool2x2", "maxpool 2x2"),
             (nn.Flatten, "flatten", "flatten"), (nn.AvgPool2d, "avgpool2x2", "avgpool 2x2"),
             (GlobalAvgPool, "global_avgpool", "global avgpool"),
             (QuantizeActivations, "quantize_activations", "quantize activations")]
    for kind, name, label in kinds:
        if isinstance(layer, kind):
            return {"kind": name, "name": label}
    return {"kind": type(layer).__name__, "name": type(layer).__name__}


@torch.no_grad()
def layer_shapes(model, feature_count):
    """Each layer's input and output shape (without the batch), by one evaluation pass."""
    shapes, hooks = {}, []
    for i, layer in enumerate(model):
        hook = lambda m, x, y, i=i: shapes.__setitem__(i, (list(x[0].shape[1:]), list(y.shape[1:])))
        hooks.append(layer.register_forward_hook(hook))
    was_training = model.training
    model.eval()
    model(torch.zeros(2, feature_count, device=next(model.parameters()).device))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return shapes


def tensors(model):
    """proxlab's names: I.weight, I.bias, I.running_mean, I.running_var (I = the layer's index),
    and for a binarized layer I.weight_packed, sign(theta) 8 to a byte, least significant first;
    inside a residual unit I.body.J and I.shortcut.J."""
    out = {}
    for name, t in model.state_dict().items():
        if not name.endswith("num_batches_tracked"):
            out[name] = t.detach().float().cpu().contiguous().numpy()
    for name, layer in model.named_modules():
        if isinstance(layer, (BinaryLinear, BinaryConv2d)):
            theta = layer.weight.detach().float().cpu().numpy().reshape(layer.weight.shape[0], -1)
            out[f"{name}.weight_packed"] = np.packbits(theta >= 0, axis=1, bitorder="little")
    return out


def save(model, path, feature_count, metadata):
    """model.safetensors as proxlab writes it (its `layers` metadata and the given fields)."""
    from safetensors.numpy import save_file

    shapes = layer_shapes(model, feature_count)
    layers = []
    for i, layer in enumerate(model):
        d = describe(layer)
        d["input_shape"], d["output_shape"] = shapes.get(i, ([], []))
        layers.append(d)
    meta = {"format": FORMAT, "layers": json.dumps(layers)}
    meta.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in metadata.items()})
    temporary = path + ".tmp"
    save_file(tensors(model), temporary, metadata=meta)
    os.replace(temporary, path)


def load(model, path):
    """Copies every tensor the model needs from a proxlab (or exported) model.safetensors."""
    from safetensors.torch import load_file

    file = load_file(path)
    state = model.state_dict()
    missing = [k for k in state if not k.endswith("num_batches_tracked") and k not in file]
    if missing:
        raise ValueError(f"{path}: has no tensor {missing[0]}: the run's model differs from this")
    with torch.no_grad():
        for name, t in state.items():
            if name in file:
                if tuple(file[name].shape) != tuple(t.shape):
                    raise ValueError(f"{path}: tensor {name} is {list(file[name].shape)}, "
                                     f"the model needs {list(t.shape)}")
                t.copy_(file[name])
"""#)
}
