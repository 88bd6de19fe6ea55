#!/usr/bin/env python3
"""The ADM (guided-diffusion UNetModel) forward in plain PyTorch: Vireo's peer in `vireo bench forward`.

Written from guided_diffusion/unet.py for the flags Vireo reads (checkpoint + JSON flags), so the
benchmark compares the same network on the same inputs. Two uses:

  adm_forward.py check FIXTURES_DIR     forward every case of FIXTURES_DIR/manifest.json, print max abs error
                                        against the stored output, exit 1 when one exceeds 1e-4
  adm_forward.py serve                  timing server for Vireo: one JSON request per stdin line, one JSON
                                        reply per stdout line (see serve() below)

Needs python3-torch (Debian: apt-get install python3-torch) and numpy.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

GN_GROUPS = 32
GN_EPS = 1e-5


def resolve_flags(path):
    raw = json.load(open(path))
    f = dict(raw.get("flags", raw))
    mults = f.get("channel_mult")
    if isinstance(mults, str):
        mults = [float(m) for m in mults.split(",")]
    f["channel_mult"] = [float(m) for m in mults]
    att = f.get("attention_ds", f.get("attention_resolutions", []))
    if isinstance(att, str):  # guided-diffusion script flag: feature-map resolutions
        att = [f["image_size"] // int(r) for r in att.split(",") if r]
    f["attention_ds"] = [int(a) for a in att]
    f.setdefault("conv_resample", True)
    f.setdefault("num_heads_upsample", -1)
    f.setdefault("num_head_channels", -1)
    return f


class Adm:
    """Weights by state-dict name; layers built in UNetModel's order."""

    def __init__(self, state, flags):
        self.w = state
        self.f = flags
        f = flags
        mc = f["model_channels"]
        self.mc = mc
        ch = int(f["channel_mult"][0] * mc)
        self.inputs = [[("conv", "input_blocks.0.0", 1)]]
        chans = [ch]
        ds = 1
        levels = len(f["channel_mult"])
        for level, mult in enumerate(f["channel_mult"]):
            for _ in range(f["num_res_blocks"]):
                p = "input_blocks.%d" % len(self.inputs)
                layers = [("res", p + ".0", 0)]
                ch = int(mult * mc)
                if ds in f["attention_ds"]:
                    layers.append(("attn", p + ".1", self.heads(ch, False)))
                self.inputs.append(layers)
                chans.append(ch)
            if level != levels - 1:
                p = "input_blocks.%d.0" % len(self.inputs)
                self.inputs.append([("res", p, -1) if f["resblock_updown"] else ("down", p, 0)])
                chans.append(ch)
                ds *= 2
        self.middle = [("res", "middle_block.0", 0), ("attn", "middle_block.1", self.heads(ch, False)),
                       ("res", "middle_block.2", 0)]
        self.outputs = []
        for level in range(levels - 1, -1, -1):
            mult = f["channel_mult"][level]
            for i in range(f["num_res_blocks"] + 1):
                p = "output_blocks.%d" % len(self.outputs)
                chans.pop()
                layers = [("res", p + ".0", 0)]
                ch = int(mult * mc)
                if ds in f["attention_ds"]:
                    layers.append(("attn", p + ".%d" % len(layers), self.heads(ch, True)))
                if level and i == f["num_res_blocks"]:
                    q = p + ".%d" % len(layers)
                    layers.append(("res", q, 1) if f["resblock_updown"] else ("up", q, 0))
                    ds //= 2
                self.outputs.append(layers)

    def heads(self, ch, up):
        f = self.f
        if f["num_head_channels"] != -1:
            return ch // f["num_head_channels"]
        return f["num_heads_upsample"] if up and f["num_heads_upsample"] != -1 else f["num_heads"]

    def to(self, dtype):
        self.w = {k: v.to(dtype) if v.is_floating_point() else v for k, v in self.w.items()}
        return self

    # ---- layers -------------------------------------------------------------------------------------
    def norm(self, name, x):
        # GroupNorm32: float32 statistics, cast back
        return F.group_norm(x.float(), GN_GROUPS, self.w[name + ".weight"].float(), self.w[name + ".bias"].float(),
                            GN_EPS).to(x.dtype)

    def conv(self, name, x, stride=1, pad=1):
        return F.conv2d(x, self.w[name + ".weight"], self.w[name + ".bias"], stride, pad)

    def linear(self, name, x):
        return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def res(self, p, x, emb, resample):
        h = F.silu(self.norm(p + ".in_layers.0", x))
        if resample < 0:
            h, x = F.avg_pool2d(h, 2), F.avg_pool2d(x, 2)
        elif resample > 0:
            h, x = F.interpolate(h, scale_factor=2, mode="nearest"), F.interpolate(x, scale_factor=2, mode="nearest")
        h = self.conv(p + ".in_layers.2", h)
        e = self.linear(p + ".emb_layers.1", F.silu(emb)).to(h.dtype)[..., None, None]
        if self.f["use_scale_shift_norm"]:
            scale, shift = torch.chunk(e, 2, dim=1)
            h = self.norm(p + ".out_layers.0", h) * (1 + scale) + shift
            h = self.conv(p + ".out_layers.3", F.silu(h))
        else:
            h = self.conv(p + ".out_layers.3", F.silu(self.norm(p + ".out_layers.0", h + e)))
        if p + ".skip_connection.weight" in self.w:
            x = self.conv(p + ".skip_connection", x, pad=0)
        return x + h

    def attn(self, p, x4, heads):
        b, c = x4.shape[:2]
        x = x4.reshape(b, c, -1)
        qkv = F.conv1d(self.norm(p + ".norm", x), self.w[p + ".qkv.weight"], self.w[p + ".qkv.bias"])
        length = qkv.shape[-1]
        d = c // heads
        if self.f["use_new_attention_order"]:  # QKVAttention
            q, k, v = qkv.chunk(3, dim=1)
            q, k, v = (t.reshape(b * heads, d, length) for t in (q, k, v))
        else:  # QKVAttentionLegacy
            q, k, v = qkv.reshape(b * heads, 3 * d, length).split(d, dim=1)
        scale = 1 / math.sqrt(math.sqrt(d))
        w = torch.einsum("bct,bcs->bts", q * scale, k * scale)
        w = torch.softmax(w.float(), dim=-1).type(w.dtype)
        a = torch.einsum("bts,bcs->bct", w, v).reshape(b, c, length)
        h = F.conv1d(a, self.w[p + ".proj_out.weight"], self.w[p + ".proj_out.bias"])
        return (x + h).reshape(x4.shape)

    def layer(self, spec, h, emb):
        kind, p, arg = spec
        if kind == "conv":
            return self.conv(p, h)
        if kind == "res":
            return self.res(p, h, emb, arg)
        if kind == "attn":
            return self.attn(p, h, arg)
        if kind == "down":
            return self.conv(p + ".op", h, stride=2) if self.f["conv_resample"] else F.avg_pool2d(h, 2)
        h = F.interpolate(h, scale_factor=2, mode="nearest")
        return self.conv(p + ".conv", h) if self.f["conv_resample"] else h

    def forward(self, x, t):
        half = self.mc // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        args = t.float().reshape(-1, 1).expand(x.shape[0], 1) * freqs[None]
        emb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
        if self.mc % 2:
            emb = torch.cat([emb, torch.zeros_like(emb[:, :1])], dim=-1)
        emb = emb.to(x.dtype)
        emb = self.linear("time_embed.2", F.silu(self.linear("time_embed.0", emb)))
        hs = []
        h = x
        for block in self.inputs:
            for spec in block:
                h = self.layer(spec, h, emb)
            hs.append(h)
        for spec in self.middle:
            h = self.layer(spec, h, emb)
        for block in self.outputs:
            h = torch.cat([h, hs.pop()], dim=1)
            for spec in block:
                h = self.layer(spec, h, emb)
        h = F.silu(self.norm("out.0", h))
        return self.conv("out.2", h).float()


def load(checkpoint, config):
    state = torch.load(checkpoint, map_location="cpu")
    return Adm({k: v.float() for k, v in state.items()}, resolve_flags(config))


def check(fixtures):
    manifest = json.load(open(os.path.join(fixtures, "manifest.json")))
    worst = 0.0
    with torch.inference_mode():
        for name, entry in manifest.items():
            if "cases" not in entry:
                continue
            net = load(os.path.join(fixtures, entry["checkpoint"]), os.path.join(fixtures, entry["config"]))
            for xf, tf, of in entry["cases"]:
                x = torch.from_numpy(np.load(os.path.join(fixtures, xf))).float()
                t = torch.from_numpy(np.load(os.path.join(fixtures, tf))).float()
                want = torch.from_numpy(np.load(os.path.join(fixtures, of))).float()
                err = (net.forward(x, t) - want).abs().max().item()
                worst = max(worst, err)
                print("%s %s: max abs error %.3g" % (name, xf, err))
    return 0 if worst <= 1e-4 else 1


def serve():
    """Requests (one JSON object a line) and replies:
    {"op": "load", "checkpoint": P, "config": P, "threads": N} -> {"ok": true, "torch": version}
    {"op": "time", "input": X.npy, "t": 500, "precision": "fp32"|"bf16"} -> {"ms": one forward, "mean_abs": m}
    {"op": "quit"}
    bf16 runs under CPU autocast (convolutions and matmuls in bf16), the usual way to ask PyTorch for it.
    """
    net = None
    inputs = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "quit":
            break
        if req["op"] == "load":
            if req.get("threads", 0) > 0:
                torch.set_num_threads(req["threads"])
            net = load(req["checkpoint"], req["config"])
            reply = {"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads()}
        else:
            if req["input"] not in inputs:
                inputs[req["input"]] = torch.from_numpy(np.load(req["input"])).float()
            x = inputs[req["input"]]
            t = torch.full((x.shape[0],), float(req["t"]))
            bf16 = req["precision"] == "bf16"
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                start = time.perf_counter()
                out = net.forward(x, t)
                ms = (time.perf_counter() - start) * 1e3
            reply = {"ms": ms, "mean_abs": out.abs().mean().item()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2] if len(sys.argv) > 2 else "../shared/fixtures"))
    if len(sys.argv) >= 2 and sys.argv[1] == "serve":
        sys.exit(serve())
    sys.stderr.write(__doc__)
    sys.exit(2)
