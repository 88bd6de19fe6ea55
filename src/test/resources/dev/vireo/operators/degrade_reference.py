"""Independent NumPy reference for `vireo degrade`, written from docs/operators.md (not from the Java).

usage: python3 degrade_reference.py CLIP.npy SPEC OUT.npy
Handles the deterministic operators: temporal, blur (gaussian/box/motion), down (mean/bicubic),
mask:box, subsample, grey, identity. Computes in float64, writes float32.
"""
import math
import sys

import numpy as np

NP_MODE = {"circular": "wrap", "replicate": "edge", "reflect": "reflect", "symmetric": "symmetric", "zero": "constant"}


def pad_axis(x, axis, left, right, boundary):
    widths = [(0, 0)] * x.ndim
    widths[axis] = (left, right)
    return np.pad(x, widths, mode=NP_MODE[boundary])


def conv_axis(x, taps, axis, boundary):
    """True convolution, tap K//2 at the centre: y[i] = sum_j taps[j] x[i - (j - K//2)]."""
    k = len(taps)
    c = k // 2
    xp = pad_axis(x, axis, k - 1 - c, c, boundary)
    n = x.shape[axis]
    y = np.zeros_like(x)
    for j, t in enumerate(taps):
        y += t * np.take(xp, np.arange(n) + k - 1 - j, axis=axis)
    return y


def conv2d(x, kern, boundary):
    kh, kw = kern.shape
    xp = pad_axis(pad_axis(x, 2, kh - 1 - kh // 2, kh // 2, boundary), 3, kw - 1 - kw // 2, kw // 2, boundary)
    h, w = x.shape[2], x.shape[3]
    y = np.zeros_like(x)
    for a in range(kh):
        for b in range(kw):
            i0 = kh - 1 - a
            j0 = kw - 1 - b
            y += kern[a, b] * xp[:, :, i0:i0 + h, j0:j0 + w]
    return y


def gaussian_taps(sigma, k):
    u = np.arange(k) - (k - 1) / 2.0
    g = np.exp(-0.5 * (u / sigma) ** 2)
    return g / g.sum()


def motion_kernel(length, angle):
    r = math.ceil(length / 2)
    size = 2 * r + 1
    k = np.zeros((size, size))
    m = max(64, math.ceil(64 * length))
    t = -length / 2 + (np.arange(m) + 0.5) * length / m
    col = r + t * math.cos(math.radians(angle))
    row = r - t * math.sin(math.radians(angle))
    for cc, rr in zip(col, row):
        c0, r0 = math.floor(cc), math.floor(rr)
        fc, fr = cc - c0, rr - r0
        for dr, dc, w in ((0, 0, (1 - fr) * (1 - fc)), (0, 1, (1 - fr) * fc), (1, 0, fr * (1 - fc)), (1, 1, fr * fc)):
            if w != 0:
                k[r0 + dr, c0 + dc] += w / m
    return k / k.sum()


def cubic(x):
    a = abs(x)
    if a <= 1:
        return 1.5 * a ** 3 - 2.5 * a ** 2 + 1
    if a <= 2:
        return -0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2
    return 0.0


def imresize_matrix(n, s, boundary):
    """MATLAB imresize contributions for scale 1/s with antialiasing, boundary applied to indices."""
    scale = 1.0 / s
    width = 4.0 / scale
    p = int(math.ceil(width)) + 2
    src = np.pad(np.arange(n), (4 * p, 4 * p), mode=NP_MODE[boundary]) if boundary != "zero" else \
        np.pad(np.arange(n), (4 * p, 4 * p), mode="constant", constant_values=-1)
    m = np.zeros((n // s, n))
    for u in range(1, n // s + 1):
        x = u / scale + 0.5 * (1 - 1 / scale)
        left = math.floor(x - width / 2)
        idx = left + np.arange(p)  # 1-based
        w = np.array([scale * cubic(scale * (x - i)) for i in idx])
        w = w / w.sum()
        for i, wi in zip(idx, w):
            j = src[i - 1 + 4 * p]
            if j >= 0:
                m[u - 1, j] += wi
    return m


def parse(token):
    fields = token.split(":")
    args, opts = [], {}
    for f in fields[1:]:
        if "=" in f:
            k, v = f.split("=", 1)
            opts[k] = v
        else:
            args.append(f)
    return fields[0], args, opts


def degrade(x, spec):
    for token in spec.split(","):
        name, args, opts = parse(token)
        if name == "temporal":
            pad = opts.get("pad", "circular")
            if args[0] == "uniform":
                taps = np.full(int(args[1]), 1.0 / int(args[1]))
            elif args[0] == "gaussian":
                sigma = float(args[1])
                k = int(args[2]) if len(args) > 2 else 2 * math.ceil(3 * sigma) + 1
                taps = gaussian_taps(sigma, k)
            else:
                taps = np.array([float(t) for t in args[1].split("/")])
            x = conv_axis(x, taps, 0, pad)
        elif name == "blur":
            pad = opts.get("pad", "reflect")
            if args[0] == "gaussian":
                sigma = float(args[1])
                k = int(args[2]) if len(args) > 2 else 2 * math.ceil(3 * sigma) + 1
                g = gaussian_taps(sigma, k)
                kern = np.outer(g, g)
            elif args[0] == "box":
                k = int(args[1])
                kern = np.full((k, k), 1.0 / (k * k))
            else:
                kern = motion_kernel(float(args[1]), float(args[2]))
            x = conv2d(x, kern, pad)
        elif name == "down":
            s = int(args[0])
            n, c, h, w = x.shape
            if len(args) > 1 and args[1] == "bicubic":
                pad = opts.get("pad", "symmetric")
                mh, mw = imresize_matrix(h, s, pad), imresize_matrix(w, s, pad)
                x = np.einsum("ih,nchw,jw->ncij", mh, x, mw)
            else:
                x = x.reshape(n, c, h // s, s, w // s, s).mean(axis=(3, 5))
        elif name == "mask" and args[0] == "box":
            top, left, hh, ww = (int(a) for a in args[1:5])
            x = x.copy()
            x[:, :, top:top + hh, left:left + ww] = 0
        elif name == "subsample":
            off = int(args[1]) if len(args) > 1 else 0
            x = x[off::int(args[0])]
        elif name in ("grey", "gray"):
            x = np.tensordot(x, np.array([0.299, 0.587, 0.114]), axes=([1], [0]))[:, None]
        elif name == "identity":
            pass
        else:
            raise SystemExit("reference does not know token " + token)
    return x


if __name__ == "__main__":
    clip = np.load(sys.argv[1]).astype(np.float64)
    np.save(sys.argv[3], degrade(clip, sys.argv[2]).astype(np.float32))
