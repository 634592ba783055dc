/// `proxtorch/training.py` of an exported experiment, the same for every export.
enum TrainingModule {
    static let module = RuntimeModule(
        file: "training.py",
        summary: "proxlab's trainer in PyTorch: one run of an experiment, alone or under torchrun (DDP).",
        about: "The step is proxlab's: mu from the schedule, the learning rate, forward with F_mu(theta), cross-entropy, backward with B', the optimizer, then the latent clip and reset (the Binarizer's hook). The metrics and events are those of proxlab's Trainer.",
        body: #"""
import contextlib
import math
import os
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as collective
import torch.nn as nn
import torch.nn.functional as F

from . import models, runlog, weights
from .data import BatchOrder
from .layers import Binarizer, BinaryConv2d, BinaryLinear
from .splitmix64 import derived_seed

EVALUATION_BATCH = 500
HISTOGRAM_BINS = 41


class Processes:
    """This process among torchrun's (or alone): rank, world size, device, collectives.

    Under torchrun (WORLD_SIZE > 1) it joins the process group: NCCL on GPUs, gloo on CPUs.
    """

    def __init__(self, device="auto"):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.local_world = int(os.environ.get("LOCAL_WORLD_SIZE", str(self.world)))
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda":
            torch.cuda.set_device(self.local_rank)
            self.device = torch.device("cuda", self.local_rank)
        else:
            self.device = torch.device(device)
        self.backend = "nccl" if self.device.type == "cuda" else "gloo"
        if self.world > 1 and not dist.is_initialized():
            dist.init_process_group(self.backend)

    @property
    def lead(self):
        """Rank 0 logs and evaluates."""
        return self.rank == 0

    def sum(self, values):
        """Element-wise sums of a list of numbers over the processes."""
        if self.world == 1:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        dist.all_reduce(t)
        return t.tolist()

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def close(self):
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


class GlobalBatchNorm:
    """Batch norm over the global batch under torchrun, on CPUs as on GPUs (SyncBatchNorm takes
    GPUs only): the per-channel sums, then the sums of squared deviations, are added over the
    processes by a differentiable all_reduce, so every process normalises its share with the
    whole batch's mean and variance and the gradients flow as for one process."""

    def forward(self, x):
        if not (self.training and dist.is_initialized() and dist.get_world_size() > 1):
            return super().forward(x)
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        count = torch.tensor([x.numel() // x.shape[1]], dtype=x.dtype, device=x.device)
        sums = collective.all_reduce(torch.cat([x.sum(dims), count]))
        n = sums[-1].detach()
        mean = sums[:-1] / n
        centred = x - mean.reshape(shape)
        var = collective.all_reduce(centred.square().sum(dims)) / n
        y = centred * torch.rsqrt(var + self.eps).reshape(shape)
        if self.affine:
            y = y * self.weight.reshape(shape) + self.bias.reshape(shape)
        with torch.no_grad():
            m = self.momentum
            self.running_mean.mul_(1 - m).add_(mean, alpha=m)
            self.running_var.mul_(1 - m).add_(var * n / (n - 1), alpha=m)
            self.num_batches_tracked += 1
        return y


class GlobalBatchNorm1d(GlobalBatchNorm, nn.BatchNorm1d):
    pass


class GlobalBatchNorm2d(GlobalBatchNorm, nn.BatchNorm2d):
    pass


def global_batch_norm(model):
    """Swaps each BatchNorm1d/2d of a Sequential for its global form, at the same index and
    with the same parameters and statistics (so model.safetensors keeps its names)."""
    forms = ((nn.BatchNorm1d, GlobalBatchNorm1d), (nn.BatchNorm2d, GlobalBatchNorm2d))
    for i, layer in enumerate(model):
        for plain, global_form in forms:
            if type(layer) is plain:
                new = global_form(layer.num_features, eps=layer.eps, momentum=layer.momentum,
                                  affine=layer.affine).to(layer.running_mean.device)
                new.load_state_dict(layer.state_dict())
                model[i] = new


def learning_rate(schedule, base, fraction):
    """constant, or cosine decay to 0 over the run (Loshchilov and Hutter, SGDR, 2017)."""
    if schedule == "cosine":
        return base * 0.5 * (1 + math.cos(math.pi * min(max(fraction, 0.0), 1.0)))
    return base


def optimizer_for(experiment, parameters):
    """torch.optim's Adam or SGD with the experiment's settings (proxlab follows their sums)."""
    lr, wd = experiment["lr"], experiment.get("weight_decay", 0)
    if experiment["optimizer"] == "sgd":
        return torch.optim.SGD(parameters, lr=lr, momentum=experiment.get("momentum", 0.9),
                               weight_decay=wd)
    return torch.optim.Adam(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)


@torch.no_grad()
def predictions(model, x, binarizers, deploy):
    """The predicted class of every row of x in evaluation mode, with F_mu(theta) weights or,
    to deploy, sign(theta) weights and sign activations (every Binarizer of the model)."""
    was_training = model.training
    model.eval()
    for b in binarizers:
        b.deploy = deploy
    out = []
    try:
        for lo in range(0, len(x), EVALUATION_BATCH):
            out.append(model(x[lo:lo + EVALUATION_BATCH]).argmax(dim=1))
    finally:
        for b in binarizers:
            b.deploy = False
        model.train(was_training)
    return torch.cat(out) if out else torch.zeros(0, dtype=torch.long, device=x.device)


@contextlib.contextmanager
def holding(binarizers):
    """Each Binarizer's mu as it was during the last step, where proxlab evaluates a pair at an
    epoch's end; the next step's mu comes back after."""
    saved = [b.mu for b in binarizers]
    for b in binarizers:
        b.mu = b.last_mu
    try:
        yield
    finally:
        for b, mu in zip(binarizers, saved):
            b.mu = mu


def accuracy(model, x, y, binarizers, deploy):
    """Test accuracy of `predictions`."""
    if len(y) == 0:
        return math.nan
    return int((predictions(model, x, binarizers, deploy) == y).sum()) / len(y)


class LatentMetrics:
    """proxlab's weight-side metrics over every binarized layer's theta: flip ratio, saturation
    (B' = 0 where the backward pass reads it), share at the clip, quantization gap
    mean |F(theta) - sign(theta)|, and a 41-bin histogram over 1.1 times the clip."""

    def __init__(self, binarizer):
        self.binarizer = binarizer
        self.signs = self.theta() >= 0

    def theta(self):
        weights = [w.detach().reshape(-1).float() for w in self.binarizer.latent]
        return torch.cat(weights) if weights else torch.zeros(0)

    @torch.no_grad()
    def measure(self, mu):
        pair = self.binarizer.pair
        theta = self.theta()
        clip = pair.CLIP if pair.CLIP is not None else 1.5
        lo, hi = -1.1 * clip, 1.1 * clip
        result = {"flip_ratio": 0.0, "saturation": 0.0, "at_clip": 0.0, "quantization_gap": 0.0,
                  "latent_histogram": [0] * HISTOGRAM_BINS, "histogram_range": [lo, hi]}
        if theta.numel() == 0:
            return result
        signs = theta >= 0
        n = theta.numel()
        result["flip_ratio"] = int((signs != self.signs).sum()) / n
        self.signs = signs
        lr = self.binarizer.lr
        x = theta if pair.BACKWARD_AT == "latent" else pair.prox_map(theta, mu, lr)
        result["saturation"] = int((pair.backward_slope(x, mu, lr) == 0).sum()) / n
        if pair.CLIP is not None:
            result["at_clip"] = int((theta.abs() >= pair.CLIP).sum()) / n
        gap = (pair.forward_map(theta, mu, lr) - (signs.float() * 2 - 1)).abs()
        result["quantization_gap"] = float(gap.double().sum()) / n
        low, width = np.float32(lo), np.float32(hi - lo)
        t = theta.cpu().numpy()
        bins = np.trunc((t - low) / width * np.float32(HISTOGRAM_BINS)).astype(np.int64)
        bins = np.clip(bins, 0, HISTOGRAM_BINS - 1)
        result["latent_histogram"] = np.bincount(bins, minlength=HISTOGRAM_BINS).tolist()
        return result


def setup_json(experiment, pair, seed, processes, origin):
    """The run's experiment.json: proxlab's fields for this pair and seed, the pair spelled
    out, and what it ran on."""
    setup = dict(experiment)
    setup["pairs"] = [pair.NAME]
    setup["seeds"] = [seed]
    setup["pair"] = dict(pair.PRESET)
    setup["machine"] = {"engine": "pytorch", "torch": torch.__version__,
                        "device": str(processes.device), "backend": processes.backend,
                        "world_size": processes.world, "threads": torch.get_num_threads(),
                        "exported_by": origin}
    return setup


class Run:
    """One (pair, seed) of an experiment, trained as proxlab's Trainer trains it."""

    def __init__(self, experiment, pair, seed, data, model_spec, processes, origin="",
                 activation_pair=None):
        e = experiment
        self.experiment, self.pair, self.seed, self.data = e, pair, seed, data
        self.processes, self.origin = processes, origin
        if len(data.train_y) < e["batch"]:
            raise ValueError(f"the training set has {len(data.train_y)} examples, "
                             f"fewer than one batch of {e['batch']}")
        self.order = BatchOrder(len(data.train_y), e["batch"], derived_seed(seed, 2),
                                processes.rank, processes.world)
        self.steps_per_epoch = self.order.steps
        self.pretrain = e.get("pretrain", 0)
        self.total_steps = e["epochs"] * self.steps_per_epoch
        self.binarizer = Binarizer(pair, self.total_steps, self.steps_per_epoch)
        self.activations = None
        if activation_pair is not None:
            self.activations = Binarizer(activation_pair, self.total_steps, self.steps_per_epoch)
        self.model = models.build(model_spec, data, e["binarize"], self.binarizer, seed,
                                  self.activations)
        if e.get("init_from"):
            source = e["init_from"]
            if os.path.isdir(source):
                source = os.path.join(source, "model.safetensors")
            weights.load(self.model, source)
        self.model = self.model.to(processes.device)
        self.model_spec = model_spec
        self.net = self.model
        if processes.world > 1:
            global_batch_norm(self.model)
            ids = [processes.local_rank] if processes.device.type == "cuda" else None
            self.net = nn.parallel.DistributedDataParallel(self.model, device_ids=ids)

    def save(self, path, epoch, step):
        """The weights in proxlab's model.safetensors format, after an epoch."""
        setup = setup_json(self.experiment, self.pair, self.seed, self.processes, self.origin)
        weights.save(self.model, path, self.data.feature_count, {
            "model": self.experiment["model"], "binarize": self.experiment["binarize"],
            "pair": setup["pair"], "experiment": setup, "seed": str(self.seed),
            "epoch": str(epoch), "epochs": str(self.pretrain + self.experiment["epochs"]),
            "step": str(step),
            "learning_rate_sum": repr(self.binarizer.lr_sum),
            "optimizer": self.experiment["optimizer"]})

    def enter(self, phase):
        """The start of a phase: pretrain trains theta itself (w = theta, no clip, no reset,
        activations unquantized); the binarized phase then starts as a fine-tuning run, with
        a fresh optimizer and its own clocks (learning-rate and mu schedules, summed rates)."""
        epochs = self.pretrain if phase == "pretrain" else self.experiment["epochs"]
        steps = epochs * self.steps_per_epoch
        for b in (self.binarizer, self.activations):
            if b is not None:
                b.start_phase(steps, self.steps_per_epoch, full_precision=phase == "pretrain")
        self.optimizer = optimizer_for(self.experiment, self.model.parameters())
        for b in (self.binarizer, self.activations):
            if b is not None:
                b.attach(self.optimizer)
        return steps

    def train(self, runs_dir=None, on_event=None):
        """Runs every epoch; returns the summary, or the failure (a dict with 'failed')."""
        e, p = self.experiment, self.processes
        log = None
        if runs_dir is not None and p.lead:
            setup = setup_json(e, self.pair, self.seed, p, self.origin)
            log = runlog.RunLog(runs_dir, self.pair.NAME, e["dataset"], self.seed, setup)
        self.log = log

        def emit(event):
            if log is not None:
                log.append(event)
            if on_event is not None and p.lead:
                on_event(event)

        train_x, train_y, test_x, test_y = self.data.tensors(p.device)
        emit({"event": "started", "id": log.id if log else f"{self.pair.NAME}-s{self.seed}",
              "pair": self.pair.NAME, "dataset": e["dataset"], "model": e["model"],
              "seed": self.seed, "epochs": self.pretrain + e["epochs"],
              "steps_per_epoch": self.steps_per_epoch})
        if log:
            log.flush()
        metrics = LatentMetrics(self.binarizer)
        step, epoch_seconds, last = 0, [], None
        share = e["batch"] // p.world
        phase_steps, first_step = 0, 0
        for epoch in range(self.pretrain + e["epochs"]):
            phase = "pretrain" if epoch < self.pretrain else "binarized"
            if epoch == 0 or epoch == self.pretrain:
                phase_steps, first_step = self.enter(phase), step
            batches = self.order.epoch(epoch)
            start = window_start = time.perf_counter()
            loss_sum, correct, seen = 0.0, 0, 0
            window_loss, window_steps = 0.0, 0
            mu = lr = 0.0
            for rows in batches:
                mu = self.binarizer.mu
                lr = learning_rate(e["lr_schedule"], e["lr"],
                                   (step - first_step) / max(phase_steps, 1))
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
                rows = torch.from_numpy(rows).to(p.device)
                x, y = train_x[rows], train_y[rows]
                logits = self.net(x)
                loss = F.cross_entropy(logits, y)
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                self.optimizer.step()
                value = float(loss.detach())
                finite = p.sum([0.0 if math.isfinite(value) else 1.0])[0] == 0
                if not finite:
                    what = "NaN" if math.isnan(value) else "infinite"
                    reason = (f"loss became {what} at epoch {epoch + 1}, step {step + 1} "
                              f"(mu = {runlog.number(mu)}, lr = {runlog.number(lr)}): the run "
                              "diverged; lower the learning rate or check the pair")
                    emit({"event": "failed", "reason": reason, "epoch": epoch + 1,
                          "step": step + 1})
                    if log:
                        log.close()
                    return {"failed": reason, "log": log.directory if log else None}
                step += 1
                loss_sum += value
                correct += int((logits.detach().argmax(dim=1) == y).sum())
                seen += len(y)
                window_loss += value
                window_steps += 1
                if step % e["log_every"] == 0:
                    now = time.perf_counter()
                    total_loss, total_correct, total_seen = p.sum([window_loss, correct, seen])
                    emit({"event": "step", "step": step, "epoch": epoch + 1,
                          "loss": total_loss / (p.world * window_steps),
                          "accuracy": total_correct / max(total_seen, 1), "mu": mu, "lr": lr,
                          "examples_per_second": round(window_steps * share * p.world
                                                       / max(now - window_start, 1e-9))})
                    window_loss, window_steps, window_start = 0.0, 0, now
            seconds = time.perf_counter() - start
            epoch_seconds.append(seconds)
            loss_sum, correct, seen = p.sum([loss_sum, correct, seen])
            if p.lead:
                # proxlab evaluates with the pair as it stood at the epoch's last step.
                quantizers = [b for b in (self.binarizer, self.activations) if b is not None]
                with holding(quantizers):
                    test = accuracy(self.model, test_x, test_y, quantizers, deploy=False)
                    deploy = accuracy(self.model, test_x, test_y, quantizers, deploy=True)
                last = {"event": "epoch", "epoch": epoch + 1, "phase": phase,
                        "train_loss": loss_sum / (p.world * self.steps_per_epoch),
                        "train_accuracy": correct / max(seen, 1), "test_accuracy": test,
                        "deploy_accuracy": deploy}
                latent = metrics.measure(mu)
                for key in ("flip_ratio", "saturation", "at_clip", "quantization_gap"):
                    last[key] = latent[key]
                last.update({"mu": mu, "lr": lr, "examples_per_second": round(seen / seconds),
                             "seconds": seconds, "latent_histogram": latent["latent_histogram"],
                             "histogram_range": latent["histogram_range"]})
                emit(last)
                if log:
                    log.flush()
                    self.save(os.path.join(log.directory, "model.safetensors"), epoch + 1, step)
            p.barrier()
        summary = {"pair": self.pair.NAME, "dataset": e["dataset"], "seed": self.seed,
                   "epochs": self.pretrain + e["epochs"],
                   "final_loss": last["train_loss"] if last else math.nan,
                   "test_accuracy": last["test_accuracy"] if last else math.nan,
                   "deploy_accuracy": last["deploy_accuracy"] if last else math.nan,
                   "flip_ratio": last["flip_ratio"] if last else math.nan,
                   "epoch_seconds": epoch_seconds}
        emit(dict({"event": "finished"}, **summary))
        if log:
            log.close()
        return dict(summary, log=log.directory if log else None)
"""#)
}
