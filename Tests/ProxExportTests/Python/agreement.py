"""Compares exported pair modules with `proxlab eval` output, for PairAgreementTests.

usage: agreement.py MANIFEST.json
The manifest lists cases: {"module": path to proxtorch/<pair>.py, "mu": value,
"F"/"B"/"P": paths of `proxlab eval --json` output for F, B and P at that mu}.
Prints one JSON line per case with, for each comparison, the number of points outside
the tolerance and the worst one; then the checks of the autograd function.
"""

import importlib.util
import json
import sys

import torch

torch.set_num_threads(1)


def load(path, index):
    spec = importlib.util.spec_from_file_location(f"exported_pair_{index}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVALS = {}


def read_eval(path):
    if path not in EVALS:
        EVALS[path] = parse_eval(path)
    return EVALS[path]


def parse_eval(path):
    with open(path) as f:
        items = json.load(f)
    x = torch.tensor([item["x"] for item in items], dtype=torch.float64)
    value = torch.tensor([item["value"] for item in items], dtype=torch.float64)
    slope = torch.tensor([item["derivative"] for item in items], dtype=torch.float64)
    return x, value, slope


def compare(got, want, tolerance):
    """|got - want| <= tolerance |want| + 1e-12 at every point (the floor is for zeros)."""
    err = (got - want).abs()
    bound = tolerance * want.abs() + 1e-12
    bad = ~(err <= bound) & ~(got.isnan() & want.isnan())
    rel = torch.where(want.abs() > 1e-12, err / want.abs().clamp(min=1e-300), 0.0)
    score = err / bound
    worst = int(torch.argmax(score))
    return {"points": got.numel(), "bad": int(bad.sum()), "worst": worst,
            "got": float(got[worst]), "want": float(want[worst]), "max_rel": float(rel.max())}


def function_checks(pair, x, mu):
    """The autograd function against the compiled maps: backward, torch.func.grad, vmap."""
    g = torch.linspace(-2, 3, x.numel(), dtype=torch.float64)
    point = x if pair.BACKWARD_AT == "latent" else pair.prox_map(x, mu)
    expected = g * pair.backward_slope(point, mu)
    theta = x.clone().requires_grad_()
    pair.quantize(theta, mu).backward(g)
    by_autograd = bool(torch.equal(theta.grad, expected))
    by_func = torch.func.grad(lambda t: (pair.quantize(t, mu) * g).sum())(x)
    mapped = torch.func.vmap(lambda t: pair.quantize(t, mu))(x.reshape(-1, 100))
    forward = bool(torch.equal(pair.quantize(x, mu), pair.forward_map(x, mu)))
    after = x.clone()
    pair.after_step([after], mu)
    want = x.clone()
    if pair.CLIP is not None:
        want = want.clamp(-pair.CLIP, pair.CLIP)
    if pair.RESET:
        want = pair.prox_map(want, mu)
    return {"forward": forward, "autograd": by_autograd, "func_grad": bool(torch.equal(by_func, expected)),
            "vmap": bool(torch.equal(mapped.reshape(-1), pair.forward_map(x, mu))),
            "after_step": bool(torch.equal(after, want))}


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    modules = {}
    for i, case in enumerate(manifest["cases"]):
        path = case["module"]
        first = path not in modules
        if first:
            modules[path] = load(path, len(modules))
        pair, mu, tolerance = modules[path], case["mu"], manifest["tolerance"]
        result = {"case": i}
        x, value, _ = read_eval(case["F"])
        result["F"] = compare(pair.forward_map(x, mu), value, tolerance)
        x, value, slope = read_eval(case["B"])
        result["B"] = compare(pair.backward_map(x, mu), value, tolerance)
        result["dB"] = compare(pair.backward_slope(x, mu), slope, tolerance)
        x, value, _ = read_eval(case["P"])
        result["P"] = compare(pair.prox_map(x, mu), value, tolerance)
        if first:
            result["function"] = function_checks(pair, x, mu)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
