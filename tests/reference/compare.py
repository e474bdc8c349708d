#!/usr/bin/python3
"""compare.py: the reference test. Rebuilds the tutorial's DCGAN in PyTorch (float64, written
from the tutorial's layer list, not from ganscope's code), feeds it the weights, state,
noise, images and dropout masks ganscope used (tests/reference/dump.c), and compares one
discriminator step and one generator step: outputs, logits, losses, every layer's gradient,
batch-norm moving statistics, and the weights and accumulators after one RMSprop step with
Keras's rules (clipvalue, decay, epsilon outside the square root).

Tolerances, each relative to the largest magnitude of the tensor compared:
  outputs, logits and losses 1e-5; gradients 1e-4 per weight tensor (float32 sums against
  float64; a bias is measured against its layer's kernel gradient when that is larger, as
  biases in front of a batch norm have an exact gradient of zero); weights and accumulators
  after the step 2e-6 (the RMSprop step applied to ganscope's own gradients, so it checks
  the update rule itself; the gradients are checked just above). Measured on 2026-11-29:
  at most 8e-7, 1.7e-6 and 2e-7.
Usage: compare.py path/to/reference_dump WORKDIR. Exit 77 (skipped) without torch."""
import os
import subprocess
import sys

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as e:
    print("reference: skipped, PyTorch is not installed (%s)" % e)
    sys.exit(77)

TOL_OUT, TOL_GRAD, TOL_STEP = 1e-5, 1e-4, 2e-6
failures = []


def check(name, got, want, tol, floor=1e-12):
    got = np.asarray(got, dtype=np.float64).ravel()
    want = np.asarray(want, dtype=np.float64).ravel()
    if got.shape != want.shape:
        failures.append(name)
        print("FAIL %-34s shape %s, want %s" % (name, got.shape, want.shape))
        return
    scale = max(np.abs(want).max() if want.size else 0.0, floor)
    err = np.abs(got - want).max() / scale if want.size else 0.0
    ok = err <= tol
    if not ok:
        failures.append(name)
    print("%s %-34s rel. error %.2e (tolerance %.0e)" % ("ok  " if ok else "FAIL", name, err, tol))


class Run:
    """One dump directory: meta.txt and the tensors."""

    def __init__(self, d):
        self.d = d
        self.meta = {}
        for line in open(os.path.join(d, "meta.txt")):
            k, *v = line.split()
            self.meta[k] = [float(x) for x in v] if len(v) > 1 else float(v[0])

    def f32(self, name):
        return torch.from_numpy(np.fromfile(os.path.join(self.d, name + ".f32"), dtype="<f4").astype(np.float64))

    def mask(self, name):
        return torch.from_numpy(np.fromfile(os.path.join(self.d, name + ".u8"), dtype=np.uint8).astype(np.float64))

    def i(self, k):
        return int(self.meta[k])


def take(flat, shapes):
    """Cuts a flat parameter vector into tensors of the given shapes, in order."""
    out, pos = [], 0
    for s in shapes:
        n = int(np.prod(s))
        out.append(flat[pos:pos + n].reshape(s).clone())
        pos += n
    assert pos == flat.numel(), "layout: %d values used of %d" % (pos, flat.numel())
    return out


def same_pad(x, k, stride):
    """TensorFlow's 'same' padding: the odd pixel goes to the bottom and right."""
    h = x.shape[2]
    out = -(-h // stride)
    total = max((out - 1) * stride + k - h, 0)
    return F.pad(x, (total // 2, total - total // 2, total // 2, total - total // 2))


def batchnorm(x, gamma, beta, mean, var, train, momentum, eps, dims):
    """Keras BatchNormalization: batch statistics in training (biased variance, which the
    moving variance also takes, as Keras 2.0 did), moving statistics in prediction."""
    shape = [1, -1] + [1] * (x.dim() - 2)
    if train:
        bm, bv = x.mean(dims), x.var(dims, unbiased=False)
        new = (momentum * mean + (1 - momentum) * bm.detach(), momentum * var + (1 - momentum) * bv.detach())
    else:
        bm, bv, new = mean, var, (mean, var)
    y = (x - bm.view(shape)) / torch.sqrt(bv.view(shape) + eps) * gamma.view(shape) + beta.view(shape)
    return y, new


def nhwc_mask(m, n, h, w, c):
    return m.reshape(n, h, w, c).permute(0, 3, 1, 2)


class Tutorial:
    """The tutorial's generator and discriminator (dcgan_mnist.py), NCHW, float64."""

    def __init__(self, run):
        m = run.meta
        self.Z, self.gc = run.i("noise_dim"), run.i("g_dense_c")
        self.g_c, self.d_c = [int(v) for v in m["g_c"]], [int(v) for v in m["d_c"]]
        self.mom, self.eps = m["bn_momentum"], m["bn_epsilon"]
        self.g_rate, self.d_rate, self.alpha = m["g_dropout"], m["d_dropout"], m["lrelu_alpha"]
        units = 7 * 7 * self.gc
        # Generator weights as ganscope stores them: dense (units, in); transposed
        # convolutions in convolution form (filters, 5, 5, in), see convt() below.
        c = [self.gc] + self.g_c + [1]
        self.g_shapes = [(units, self.Z), (units,), (units,), (units,)]
        for i in range(4):
            self.g_shapes += [(c[i + 1], 5, 5, c[i]), (c[i + 1],)]
            if i < 3:
                self.g_shapes += [(c[i + 1],), (c[i + 1],)]
        self.g_state_shapes = [(units,), (units,)] + [(ch,) for ch in self.g_c for _ in range(2)]
        dc = [1] + self.d_c
        self.d_shapes = []
        for i in range(4):
            self.d_shapes += [(dc[i + 1], 5, 5, dc[i]), (dc[i + 1],)]
        self.d_shapes += [(1, 4 * 4 * self.d_c[3]), (1,)]

    @staticmethod
    def convt(x, w, b):
        """Conv2DTranspose(5, padding='same'), stride 1. ganscope keeps the kernel in
        convolution form w[f][ky][kx][c] = K[4-ky][4-kx][f][c] of the Keras kernel K
        (5, 5, filters, in); PyTorch's transposed convolution takes K as (in, filters, 5, 5)."""
        K = w.flip(1, 2)  # K[ky][kx] for each (f, c)
        return F.conv_transpose2d(x, K.permute(3, 0, 1, 2), b, padding=2)

    def generator(self, p, state, z, train, mask):
        n = z.shape[0]
        new_state = []
        x = z @ p[0].T + p[1]
        x, s = batchnorm(x, p[2], p[3], state[0], state[1], train, self.mom, self.eps, [0])
        new_state += s
        x = F.relu(x)
        x = x.reshape(n, 7, 7, self.gc).permute(0, 3, 1, 2)  # Reshape((7, 7, 256)), NHWC
        if train:
            x = x * nhwc_mask(mask, n, 7, 7, self.gc) / (1 - self.g_rate)
        k = 4
        for i in range(4):
            if i < 2:
                x = F.interpolate(x, scale_factor=2, mode="nearest")  # UpSampling2D
            x = self.convt(x, p[k], p[k + 1])
            k += 2
            if i < 3:
                x, s = batchnorm(x, p[k], p[k + 1], state[2 + 2 * i], state[3 + 2 * i], train, self.mom, self.eps,
                                 [0, 2, 3])
                new_state += s
                x = F.relu(x)
                k += 2
        return torch.sigmoid(x), new_state

    def discriminator(self, p, img, masks):
        n = img.shape[0]
        x = img.reshape(n, 28, 28, 1).permute(0, 3, 1, 2)
        for i, stride in enumerate([2, 2, 2, 1]):
            x = F.conv2d(same_pad(x, 5, stride), p[2 * i].permute(0, 3, 1, 2), p[2 * i + 1], stride=stride)
            x = F.leaky_relu(x, self.alpha)
            x = x * nhwc_mask(masks[i], n, x.shape[2], x.shape[3], x.shape[1]) / (1 - self.d_rate)
        x = x.permute(0, 2, 3, 1).reshape(n, -1)  # Flatten, NHWC order
        return (x @ p[8].T + p[9]).reshape(n)  # the logit; Activation('sigmoid') is in the loss


def grad_floor(params, i):
    """A bias right before a training-mode batch norm has an exact gradient of zero (the
    norm subtracts the batch mean), so float32 leaves only rounding there: such a bias is
    measured against its layer's kernel gradient instead of its own (near-zero) size."""
    if params[i].dim() == 1 and i > 0 and params[i - 1].dim() > 1:
        return params[i - 1].grad.abs().max().item()
    return 1e-12


def keras_bce(logits, labels):
    """The loss Keras reports: probabilities clipped to [1e-7, 1 - 1e-7]."""
    p = torch.sigmoid(logits).clamp(1e-7, 1 - 1e-7)
    return -(labels * torch.log(p) + (1 - labels) * torch.log(1 - p)).mean()


def rmsprop(w, g, a, lr, decay, iterations, clip, rho, eps):
    """Keras 2 RMSprop: g clipped to [-clipvalue, clipvalue]; a = rho a + (1 - rho) g^2;
    w -= lr / (1 + decay * iterations) * g / (sqrt(a) + eps)."""
    g = g.clamp(-clip, clip)
    a = rho * a + (1 - rho) * g * g
    return w - lr / (1 + decay * iterations) * g / (torch.sqrt(a) + eps), a


def check_step(run, label, net, shapes, before, grads, after_name):
    """The learning rate the step used, and the weights and accumulators after it, against
    Keras's RMSprop applied to the weights before and the gradients ganscope computed.
    Returns the weights after the step."""
    m, it = run.meta, run.meta["iterations"]
    lr, decay = m["lr_" + net], m["decay_" + net]
    check(label + " step: learning rate used", [m["lr_%s_used" % net]], [lr / (1 + decay * it)], 1e-6)
    accum = take(run.f32(net + "_accum0"), shapes)
    after, accum_after = take(run.f32(after_name), shapes), take(run.f32(net + "_accum1"), shapes)
    for i in range(len(before)):
        w, a = rmsprop(before[i], grads[i], accum[i], lr, decay, it, m["clipvalue"], m["rho"], m["epsilon"])
        check(label + " weights after RMSprop, tensor %d" % i, after[i], w, TOL_STEP)
        check(label + " accumulators after, tensor %d" % i, accum_after[i], a, TOL_STEP)
    return after


def compare(run, label):
    m, B = run.meta, run.i("batch")
    net = Tutorial(run)
    g0 = take(run.f32("g_params0"), net.g_shapes)
    gs0 = take(run.f32("g_state0"), net.g_state_shapes)
    d0 = take(run.f32("d_params0"), net.d_shapes)

    # ---- the discriminator's step: B real + B fakes from G in prediction mode ----------
    d_in = run.f32("d_in").reshape(2 * B, 784)
    fakes, _ = net.generator(g0, gs0, run.f32("d_noise").reshape(B, net.Z), False, None)
    check(label + " D step: G's fakes", d_in[B:], fakes.reshape(B, 784), TOL_OUT)
    check(label + " D step: G's BN state unchanged", run.f32("g_state_after_d"), run.f32("g_state0"), 0)
    dp = [t.clone().requires_grad_(True) for t in d0]
    masks = [run.mask("d_mask_d%d" % i) for i in range(4)]
    logits = net.discriminator(dp, d_in, masks)
    labels = torch.cat([torch.ones(B), torch.zeros(B)]).double()
    check(label + " D step: logits", run.f32("d_logits"), logits.detach(), TOL_OUT)
    check(label + " D step: loss", [m["d_loss"]], [keras_bce(logits.detach(), labels).item()], TOL_OUT)
    F.binary_cross_entropy_with_logits(logits, labels).backward()
    d_grads = take(run.f32("d_grads"), net.d_shapes)
    for i, (g, t) in enumerate(zip(d_grads, dp)):
        check(label + " D gradient %d %s" % (i // 2, "bias" if i % 2 else "kernel"), g, t.grad, TOL_GRAD,
              grad_floor(dp, i))
    d1 = check_step(run, label + " D", "d", net.d_shapes, d0, d_grads, "d_params1")

    # ---- the generator's step: G in training mode through a frozen D, labels 1 ----------
    gp = [t.clone().requires_grad_(True) for t in g0]
    fakes, new_state = net.generator(gp, gs0, run.f32("g_noise").reshape(B, net.Z), True, run.mask("g_mask0"))
    check(label + " G step: G's fakes", run.f32("g_fakes"), fakes.detach(), TOL_OUT)
    check(label + " G step: BN moving statistics", run.f32("g_state1"), torch.cat([s.reshape(-1) for s in new_state]),
          TOL_OUT)
    masks = [run.mask("d_mask_g%d" % i) for i in range(4)]
    logits = net.discriminator(d1, fakes.reshape(B, 784), masks)
    ones = torch.ones(B).double()
    check(label + " G step: logits", run.f32("g_logits"), logits.detach(), TOL_OUT)
    check(label + " G step: loss", [m["g_loss"]], [keras_bce(logits.detach(), ones).item()], TOL_OUT)
    F.binary_cross_entropy_with_logits(logits, ones).backward()
    g_grads = take(run.f32("g_grads"), net.g_shapes)
    for i, (g, t) in enumerate(zip(g_grads, gp)):
        check(label + " G gradient, tensor %d %s" % (i, tuple(t.shape)), g, t.grad, TOL_GRAD, grad_floor(gp, i))
    check(label + " G step: D frozen", run.f32("d_params2"), run.f32("d_params1"), 0)
    check_step(run, label + " G", "g", net.g_shapes, g0, g_grads, "g_params1")


def main():
    dump_bin, work = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    # the keras preset's real shapes at batch 4; the fast preset with a tiny clipvalue, so
    # that clipping decides most of the update
    for preset, batch, clip in (("keras", 4, "1"), ("fast", 4, "1e-4")):
        d = os.path.join(work, "%s-b%d" % (preset, batch))
        os.makedirs(d, exist_ok=True)
        subprocess.run([dump_bin, d, preset, str(batch), clip], check=True)
        compare(Run(d), "%s clip %s:" % (preset, clip))
    print("reference: %d comparisons failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
