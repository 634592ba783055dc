"""PyTorch reference of proxlab's `resnet` model, for `proxbench train --model resnet`.

Trains one configuration on Fashion-MNIST and prints one JSON line with per-epoch time, throughput,
training loss and test accuracy (the format of shared/bench/torch_reference.py), so proxbench can put
the two epochs side by side in one run.

Set-up (once; about a minute, several GB):
    python3 -m venv torchref && torchref/bin/pip install torch numpy
    apt-get install -y dataset-fashion-mnist        # or FMNIST_DIR=/path/to/the/four/idx/files
Run (from the project folder):
    torchref/bin/python bench/torch_resnet.py --variant bc --widths 16,32,64 --epochs 3 --threads 2

Model: the layers of proxlab's `Sequential.resnet` in the same order, with PyTorch's default
initialisation (which proxlab's `torchDefault` reproduces: weights and biases U(-1/sqrt(fan_in),
1/sqrt(fan_in)), batch norm gamma 1, beta 0, eps 1e-5, momentum 0.1):
    stem:   Conv2d(1, w0, 3, padding=1, bias=False) (full precision), BatchNorm2d(w0)
    stages: for each width w_s, two residual units; before every stage but the first AvgPool2d(2);
            unit:  body  = ReLU, Conv2d(c, w_s, 3, padding=1, bias=False) (binarized), BatchNorm2d(w_s)
                   shortcut = identity when c == w_s, else Conv2d(c, w_s, 1, bias=False) (full precision),
                              BatchNorm2d(w_s)
                   output = body(x) + shortcut(x)
    head:   ReLU, global average pooling (one module, as in proxlab, so indices match), Linear(w_last, 10)
            (full precision, with bias)
Module names are those of proxlab's tensors (I.body.J, I.shortcut.J), as in proxtorch/models.py of an export.
Binarized convolutions keep full-precision latent weights, clipped to [-1, 1] after every step.
  fp   full precision     bc   forward sign, backward identity (BinaryConnect)
  bnn  forward sign, backward 1{|w| <= 1}     bnnplus  forward sign, backward SS_5'(w) (BNN+)
Adam (lr 1e-3), batch 100, cross-entropy, inputs standardised with the training mean/std, sign(0) = +1.
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA_DIR = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load():
    part = lambda name: read_idx(os.path.join(DATA_DIR, name))
    xtr = part("train-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    xte = part("t10k-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    mean, std = float(xtr.mean()), float(xtr.std())
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    ytr = part("train-labels-idx1-ubyte.gz").astype(np.int64)
    yte = part("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return map(torch.from_numpy, (xtr, ytr, xte, yte))


def strict_sign(x):
    return torch.copysign(torch.ones_like(x), x)  # +1 for +0


class SignIdentity(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return strict_sign(x)

    @staticmethod
    def backward(ctx, g):
        return g


class SignHardtanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return strict_sign(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class SignSwish5(torch.autograd.Function):
    beta = 5.0

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return strict_sign(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        bx = SignSwish5.beta * x
        return g * SignSwish5.beta * (2 - bx * torch.tanh(bx / 2)) / (1 + torch.cosh(bx))


QUANTIZERS = {"bc": SignIdentity, "bnn": SignHardtanh, "bnnplus": SignSwish5}


class BinaryConv2d(nn.Conv2d):
    def __init__(self, cin, cout, quantizer):
        super().__init__(cin, cout, 3, padding=1, bias=False)
        self.quantizer = quantizer

    def forward(self, x):
        return F.conv2d(x, self.quantizer.apply(self.weight), None, padding=1)


class Residual(nn.Module):
    """body(x) + shortcut(x); the shortcut is the identity when it has no layers."""

    def __init__(self, body, shortcut):
        super().__init__()
        self.body = nn.Sequential(*body)
        self.shortcut = nn.Sequential(*shortcut)

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def build_resnet(variant, widths, units=2, channels=1, classes=10):
    quantizer = QUANTIZERS.get(variant)

    def conv3x3(cin, cout):
        return nn.Conv2d(cin, cout, 3, padding=1, bias=False) if quantizer is None else BinaryConv2d(cin, cout, quantizer)

    layers = [nn.Conv2d(channels, widths[0], 3, padding=1, bias=False), nn.BatchNorm2d(widths[0])]
    c = widths[0]
    for s, out in enumerate(widths):
        if s > 0:
            layers.append(nn.AvgPool2d(2))
        for _ in range(units):
            shortcut = [] if c == out else [nn.Conv2d(c, out, 1, bias=False), nn.BatchNorm2d(out)]
            layers.append(Residual([nn.ReLU(), conv3x3(c, out), nn.BatchNorm2d(out)], shortcut))
            c = out
    layers += [nn.ReLU(), GlobalAvgPool(), nn.Linear(c, classes)]
    model = nn.Sequential(*layers)
    return model, [m.weight for m in model.modules() if isinstance(m, BinaryConv2d)]


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x[i:i + 500]).argmax(1) == y[i:i + 500]).sum().item() for i in range(0, x.shape[0], 500))
    model.train()
    return correct / x.shape[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", default="bc", choices=["fp", "bc", "bnn", "bnnplus"])
    ap.add_argument("--widths", default="16,32,64", help="channels per stage, e.g. 16,32,64")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    xtr, ytr, xte, yte = load()
    model, latent = build_resnet(args.variant, [int(w) for w in args.widths.split(",")])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    n, steps = xtr.shape[0], xtr.shape[0] // args.batch

    epochs = []
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(n, generator=gen)
        loss_sum = torch.zeros(())
        start = time.perf_counter()
        for s in range(steps):
            idx = order[s * args.batch:(s + 1) * args.batch]
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                for w in latent:
                    w.clamp_(-1.0, 1.0)
            loss_sum += loss.detach()
        seconds = time.perf_counter() - start
        epochs.append({"epoch": epoch, "seconds": seconds, "examples_per_s": steps * args.batch / seconds,
                       "train_loss": loss_sum.item() / steps, "test_acc": accuracy(model, xte, yte)})

    print(json.dumps({"variant": args.variant, "arch": "resnet:" + args.widths, "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "epochs": epochs}))


if __name__ == "__main__":
    main()
