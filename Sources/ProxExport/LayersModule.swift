/// `layers.py`: the modules that use an exported pair on any model, the
/// same for every pair (it calls the pair module's `quantize`, `deploy`,
/// `mu_at` and `after_step`).
enum LayersModule {
    static func source(_ origin: GeneratedBy) -> String {
        origin.docstring("Binarized layers for proxlab's exported pairs, and a helper that binarizes any model.", [
            """
            A Binarizer holds what one pair needs during a run: mu, where the run is (step, epoch,
            summed learning rates) and whether the layers compute with F_mu(theta) or with
            sign(theta) (deploy). BinaryLinear and BinaryConv2d are nn.Linear and nn.Conv2d
            whose weight is the latent theta; binarize() swaps them into a model by name pattern.

                binarizer = Binarizer(pair, total_steps=epochs * len(loader), steps_per_epoch=len(loader))
                binarize(model, binarizer, mode="except-first-last")
                binarizer.attach(optimizer)  # after each optimizer.step(): clip/reset, next mu
            """,
        ]) + """

        import fnmatch

        import torch.nn as nn
        import torch.nn.functional as F

        MODES = ("all", "except-first", "except-first-last", "none")


        class Binarizer:
            \"\"\"One pair's state, shared by every layer it binarizes.

            pair: an exported pair module (quantize, deploy, mu_at, frozen, after_step).
            total_steps, steps_per_epoch: the run's length, which the schedule reads.
            \"\"\"

            def __init__(self, pair, total_steps=1, steps_per_epoch=1):
                self.pair = pair
                self.total_steps = total_steps
                self.steps_per_epoch = max(steps_per_epoch, 1)
                self.step = 0
                self.lr_sum = 0.0
                self.deploy = False
                self.full_precision = False
                self.latent = []
                self.optimizer = None
                self.held_lr = None
                self.mu = self.last_mu = pair.mu_at(0, total_steps, 0, 0.0)

            def start_phase(self, total_steps, steps_per_epoch, full_precision=False):
                \"\"\"Restarts the clocks: a phase in full precision (w = theta, nothing after a step,
                mu held at its start) or a binarized one whose schedule runs over total_steps.\"\"\"
                self.total_steps = total_steps
                self.steps_per_epoch = max(steps_per_epoch, 1)
                self.step = 0
                self.lr_sum = 0.0
                self.full_precision = full_precision
                self.mu = self.last_mu = self.pair.mu_at(0, total_steps, 0, 0.0)

            def hold(self, mu, lr):
                \"\"\"Fixes mu and lr where a run's epoch ended, to evaluate its saved weights.\"\"\"
                self.mu = self.last_mu = mu
                self.held_lr = lr

            @property
            def lr(self):
                \"\"\"The step size `lr` reads: the attached optimizer's, else the held one, else the
                pair's nominal one.\"\"\"
                if self.optimizer is not None:
                    return self.optimizer.param_groups[0]["lr"]
                return self.held_lr if self.held_lr is not None else self.pair.LR

            @property
            def frozen(self):
                \"\"\"Whether the next step is in the pair's freeze (theta held at sign(theta)).\"\"\"
                return not self.full_precision and self.pair.frozen(self.step, self.total_steps)

            @property
            def epoch(self):
                \"\"\"The 0-based epoch of the next step.\"\"\"
                return self.step // self.steps_per_epoch

            def register(self, weight):
                \"\"\"Marks a parameter as latent weights theta, for the clip and the reset.\"\"\"
                if not any(weight is w for w in self.latent):
                    self.latent.append(weight)

            def weights(self, theta):
                \"\"\"What a binarized layer computes with: F_mu(theta), or sign(theta) to deploy.\"\"\"
                if self.deploy:
                    return self.pair.deploy(theta)
                if self.full_precision:
                    return theta
                return self.pair.quantize(theta, self.mu, self.lr)

            def after_step(self, lr):
                \"\"\"Ends a step taken at learning rate lr: clip and reset theta, then the next mu.\"\"\"
                if self.full_precision:
                    return
                self.pair.after_step(self.latent, self.mu, lr, self.frozen)
                self.last_mu = self.mu
                self.step += 1
                self.lr_sum += lr
                self.mu = self.pair.mu_at(self.step, self.total_steps, self.epoch, self.lr_sum)

            def attach(self, optimizer):
                \"\"\"Hooks into optimizer.step(): before it, frozen latent weights lose their gradient
                (the optimizer skips them); after it, after_step. Returns the two hooks' handles.\"\"\"
                self.optimizer = optimizer

                def before(opt, args, kwargs):
                    if self.frozen:
                        for w in self.latent:
                            w.grad = None

                def after(opt, args, kwargs):
                    self.after_step(opt.param_groups[0]["lr"])

                return optimizer.register_step_pre_hook(before), optimizer.register_step_post_hook(after)


        class BinaryLinear(nn.Linear):
            \"\"\"nn.Linear whose weight is the latent theta: y = x F_mu(theta)^T + b.\"\"\"

            def __init__(self, in_features, out_features, binarizer, bias=True, device=None, dtype=None):
                super().__init__(in_features, out_features, bias=bias, device=device, dtype=dtype)
                self.binarizer = binarizer
                binarizer.register(self.weight)

            @classmethod
            def from_linear(cls, layer, binarizer):
                \"\"\"A BinaryLinear sharing the parameters of an nn.Linear.\"\"\"
                new = cls(layer.in_features, layer.out_features, binarizer, bias=layer.bias is not None,
                          device=layer.weight.device, dtype=layer.weight.dtype)
                return adopt(new, layer, binarizer)

            def forward(self, x):
                return F.linear(x, self.binarizer.weights(self.weight), self.bias)


        class BinaryConv2d(nn.Conv2d):
            \"\"\"nn.Conv2d (any stride, padding, groups) whose weight is the latent theta.\"\"\"

            def __init__(self, in_channels, out_channels, kernel_size, binarizer, **options):
                super().__init__(in_channels, out_channels, kernel_size, **options)
                self.binarizer = binarizer
                binarizer.register(self.weight)

            @classmethod
            def from_conv(cls, layer, binarizer):
                \"\"\"A BinaryConv2d sharing the parameters of an nn.Conv2d.\"\"\"
                new = cls(layer.in_channels, layer.out_channels, layer.kernel_size, binarizer,
                          stride=layer.stride, padding=layer.padding, dilation=layer.dilation,
                          groups=layer.groups, bias=layer.bias is not None, padding_mode=layer.padding_mode,
                          device=layer.weight.device, dtype=layer.weight.dtype)
                return adopt(new, layer, binarizer)

            def forward(self, x):
                return self._conv_forward(x, self.binarizer.weights(self.weight), self.bias)


        def adopt(new, layer, binarizer):
            \"\"\"Gives a new binarized layer the parameters of the layer it replaces.\"\"\"
            binarizer.latent = [w for w in binarizer.latent if w is not new.weight]
            new.weight = layer.weight
            new.bias = layer.bias
            binarizer.register(new.weight)
            return new


        def weight_layers(model):
            \"\"\"The (name, module) of every nn.Linear and nn.Conv2d, in registration order.\"\"\"
            return [(n, m) for n, m in model.named_modules() if isinstance(m, (nn.Linear, nn.Conv2d))]


        def binarize(model, binarizer, mode="all", pattern="*"):
            \"\"\"Replaces the model's nn.Linear and nn.Conv2d layers by binarized ones, in place.

            mode keeps the first and/or last weight layer (in registration order, which for
            nn.Sequential is the order of the forward pass) in full precision, as proxlab's
            binarize setting does: all, except-first, except-first-last, none. pattern
            (fnmatch, on the qualified name such as "layer1.0.conv1") chooses among the rest.
            Returns the names of the layers binarized.
            \"\"\"
            if mode not in MODES:
                raise ValueError(f"binarize: mode must be one of {', '.join(MODES)}, got {mode!r}")
            layers = weight_layers(model)
            chosen = []
            for i, (name, layer) in enumerate(layers):
                if not name or isinstance(layer, (BinaryLinear, BinaryConv2d)) or mode == "none":
                    continue
                if i == 0 and mode in ("except-first", "except-first-last"):
                    continue
                if i == len(layers) - 1 and mode == "except-first-last":
                    continue
                if not fnmatch.fnmatchcase(name, pattern):
                    continue
                if isinstance(layer, nn.Linear):
                    new = BinaryLinear.from_linear(layer, binarizer)
                else:
                    new = BinaryConv2d.from_conv(layer, binarizer)
                parent_name, _, child = name.rpartition(".")
                parent = model.get_submodule(parent_name) if parent_name else model
                setattr(parent, child, new)
                chosen.append(name)
            return chosen

        """
    }
}
