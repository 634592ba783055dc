/// `proxtorch/models.py` of an exported experiment, the same for every export.
enum ModelsModule {
    static let module = RuntimeModule(
        file: "models.py",
        summary: "proxlab's models in PyTorch (MLP, CNN, residual CNN), initialised from proxlab's own draws.",
        about: "The layers keep proxlab's order, so their indices are the tensor names of a run's model.safetensors.",
        body: #"""
import numpy as np
import torch
import torch.nn as nn

from .layers import BinaryConv2d, BinaryLinear
from .splitmix64 import SplitMix64, derived_seed


def torch_default(rng, count, fan_in):
    """PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn as proxlab
    draws it: (2 u - 1) bound in float32, u from the top 24 bits of each SplitMix64 output."""
    bound = np.float32(1) / np.sqrt(np.float32(fan_in))
    return (np.float32(2) * rng.unit_floats(count) - np.float32(1)) * bound


def initialise(layer, rng, fan_in):
    """The weight, then the bias, of a Linear or Conv2d, from proxlab's stream of draws."""
    with torch.no_grad():
        w = torch_default(rng, layer.weight.numel(), fan_in)
        layer.weight.copy_(torch.from_numpy(w.reshape(layer.weight.shape)))
        if layer.bias is not None:
            layer.bias.copy_(torch.from_numpy(torch_default(rng, layer.bias.numel(), fan_in)))


class Clip(nn.Module):
    """hardtanh as proxlab's: clip(x, -1, 1), derivative 1 on the closed interval."""

    def forward(self, x):
        return torch.clamp(x, -1, 1)


ACTIVATIONS = {"relu": nn.ReLU, "hardtanh": Clip, "identity": nn.Identity}


class QuantizeActivations(nn.Module):
    """An activation pair on hidden activations: F_mu(a) forward, B'_mu(a) backward, and
    sign(a) when deploying, as proxlab's deployed network computes (binary inputs)."""

    def __init__(self, binarizer):
        super().__init__()
        self.binarizer = binarizer

    def forward(self, x):
        if self.binarizer.deploy:
            return self.binarizer.pair.deploy(x)
        if self.binarizer.full_precision:
            return x
        return self.binarizer.pair.quantize(x, self.binarizer.mu, self.binarizer.lr)


class Images(nn.Sequential):
    """nn.Sequential over image rows: folds each input row into channels x height x width
    first, so the layers keep proxlab's indices (the tensor names of model.safetensors).
    With more than one channel proxlab's first layer reorders the batch channel-major, a
    layout PyTorch does not need: an nn.Identity holds its index."""

    def __init__(self, shape, *layers):
        super().__init__(*(([nn.Identity()] if shape[0] > 1 else []) + list(layers)))
        self.shape = tuple(shape)

    def forward(self, x):
        return super().forward(x.reshape(x.shape[0], *self.shape))


def mlp(spec, data, flags, binarizer, rng, activations=None):
    """Dense -> BatchNorm1d -> activation (-> activation quantizer) per hidden width, then the
    classifier; only the classifier has a bias (batch norm's beta replaces the others)."""
    sizes = [data.feature_count] + list(spec["hidden"]) + [data.class_count]
    layers = []
    for i in range(len(sizes) - 1):
        last = i == len(sizes) - 2
        fan_in, fan_out = sizes[i], sizes[i + 1]
        if flags[i]:
            layer = BinaryLinear(fan_in, fan_out, binarizer, bias=last)
        else:
            layer = nn.Linear(fan_in, fan_out, bias=last)
        initialise(layer, rng, fan_in)
        layers.append(layer)
        if last:
            break
        layers += [nn.BatchNorm1d(fan_out), ACTIVATIONS[spec["activation"]]()]
        if activations is not None:
            layers.append(QuantizeActivations(activations))
    return nn.Sequential(*layers)


def cnn(spec, data, flags, binarizer, rng, activations=None):
    """Per width: conv3x3 (padding 1, no bias) -> BatchNorm2d -> activation -> maxpool 2x2
    (-> activation quantizer); then flatten and a Linear classifier with a bias."""
    if data.image_shape is None:
        raise ValueError(f"model cnn needs image data; {data.name} has plain features (use mlp)")
    c, h, w = data.image_shape
    layers = []
    for i, out in enumerate(spec["widths"]):
        if flags[i]:
            conv = BinaryConv2d(c, out, 3, binarizer, padding=1, bias=False)
        else:
            conv = nn.Conv2d(c, out, 3, padding=1, bias=False)
        initialise(conv, rng, c * 9)
        activation = ACTIVATIONS[spec.get("activation", "relu")]()
        layers += [conv, nn.BatchNorm2d(out), activation, nn.MaxPool2d(2)]
        if activations is not None:
            layers.append(QuantizeActivations(activations))
        c, h, w = out, h // 2, w // 2
    layers.append(nn.Flatten())
    fan_in = c * h * w
    last = len(spec["widths"])
    if flags[last]:
        classifier = BinaryLinear(fan_in, data.class_count, binarizer)
    else:
        classifier = nn.Linear(fan_in, data.class_count)
    initialise(classifier, rng, fan_in)
    layers.append(classifier)
    return Images(data.image_shape, *layers)


class Residual(nn.Module):
    """body(x) + shortcut(x), the shortcut the identity when it has no layers. The members'
    names are those of proxlab's tensors inside a unit: I.body.J and I.shortcut.J."""

    def __init__(self, body, shortcut):
        super().__init__()
        self.body = nn.Sequential(*body)
        self.shortcut = nn.Sequential(*shortcut)

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class GlobalAvgPool(nn.Module):
    """The mean of each channel's plane, as rows: one layer, as in proxlab."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


def resnet(spec, data, flags, binarizer, rng, activations=None):
    """The residual binary CNN in the Bi-Real form: a full-precision stem conv3x3 -> BatchNorm2d;
    per stage `units` residual units [ReLU (the activation quantizer, if any), conv3x3
    (binarized), BatchNorm2d] around the identity, or around conv1x1 -> BatchNorm2d (full
    precision) where the width changes; AvgPool2d(2) between stages; then ReLU, global average
    pooling and a full-precision Linear classifier. Weights drawn in layer order, each unit's
    3x3 before its shortcut's 1x1."""
    if data.image_shape is None:
        raise ValueError(f"model resnet needs image data; {data.name} has plain features (use mlp)")
    c = data.image_shape[0]
    widths, units = spec["widths"], spec["units"]
    stem = nn.Conv2d(c, widths[0], 3, padding=1, bias=False)
    initialise(stem, rng, c * 9)
    layers = [stem, nn.BatchNorm2d(widths[0])]
    c = widths[0]
    for s, out in enumerate(widths):
        if s > 0:
            layers.append(nn.AvgPool2d(2))
        for u in range(units):
            if flags[1 + s * units + u]:
                conv = BinaryConv2d(c, out, 3, binarizer, padding=1, bias=False)
            else:
                conv = nn.Conv2d(c, out, 3, padding=1, bias=False)
            initialise(conv, rng, c * 9)
            shortcut = []
            if c != out:
                project = nn.Conv2d(c, out, 1, bias=False)
                initialise(project, rng, c)
                shortcut = [project, nn.BatchNorm2d(out)]
            first = QuantizeActivations(activations) if activations is not None else nn.ReLU()
            layers.append(Residual([first, conv, nn.BatchNorm2d(out)], shortcut))
            c = out
    classifier = nn.Linear(c, data.class_count)
    initialise(classifier, rng, c)
    layers += [nn.ReLU(), GlobalAvgPool(), classifier]
    return Images(data.image_shape, *layers)


# Each model family of proxlab: its builder and how many weight layers the binarize mode
# counts over (the first and last of which it may keep in full precision).
MODELS = {
    "mlp": (mlp, lambda spec: len(spec["hidden"]) + 1),
    "cnn": (cnn, lambda spec: len(spec["widths"]) + 1),
    # The stem and the classifier are full precision whatever the mode.
    "resnet": (lambda spec, data, flags, *rest:
               resnet(spec, data, [False] + flags[1:-1] + [False], *rest),
               lambda spec: len(spec["widths"]) * spec["units"] + 2),
}


def binarize_flags(mode, count):
    """Which of `count` weight layers a binarize mode binarizes."""
    first = mode in ("except-first", "except-first-last")
    last = mode == "except-first-last"
    return [mode != "none" and not (first and i == 0) and not (last and i == count - 1)
            for i in range(count)]


def build(spec, data, binarize, binarizer, seed, activations=None):
    """The model of a run, its initial weights drawn from SplitMix64(derived_seed(seed, 1))
    layer by layer as proxlab draws them, so both start from the same numbers."""
    builder, weight_layers = MODELS[spec["kind"]]
    rng = SplitMix64(derived_seed(seed, 1))
    return builder(spec, data, binarize_flags(binarize, weight_layers(spec)), binarizer, rng,
                   activations)
"""#)
}
