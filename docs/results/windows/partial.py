#!/usr/bin/env python3
"""The first windows of unfinished run.sh runs, joined as restore joins them, scored with `vireo eval --window`.

restore keeps every finished window in OUT/.NAME.vireo-work/window-NNNNNN.npy (the window's own frames at network
size, before the join). This joins the first M of them as VideoRestoration does (crossfade: weight (k+1)/(O+1) on
the later window's frame k of the O shared ones; known: the later window starts with the earlier one's shared frames
already; none: windows side by side), keeps the frames no later window would change, and scores the first L frames
of each variant against the clean frames (CLEAN.npy, e.g. from restore --degradation identity --method cg).
Usage: partial.py OUT CLEAN.npy M JAR NAME:JOIN...
"""
import json, subprocess, sys
import numpy as np

out, clean_path, m, jar = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
variants = [v.split(":") for v in sys.argv[5:]]
window, overlap = 16, 4
length = m * (window - overlap)  # frames final in every variant after M windows
clean = np.load(clean_path)[:length]
np.save(f"{out}/clean-{length}.npy", clean)
for name, join in variants:
    wins = [np.load(f"{out}/.{name}.vireo-work/window-{w:06d}.npy") for w in range(m)]
    o = 0 if join == "none" else overlap
    frames = list(wins[0][: window - o])
    for j in range(1, m):
        w = wins[j]
        if join == "crossfade":
            prev = wins[j - 1][window - o:]
            w = w.copy()
            for k in range(o):
                a = (k + 1) / (o + 1)
                w[k] = (1 - a) * prev[k] + a * w[k]
        frames.extend(w[: window - o])
    clip = np.stack(frames)[:length].astype(np.float32)
    np.save(f"{out}/{name}-{length}.npy", clip)
    res = f"{out}/{name}-{length}.eval.json"
    subprocess.run(["java", "-jar", jar, "eval", "--reference", f"{out}/clean-{length}.npy", "--input", f"{out}/{name}-{length}.npy",
                    "--window", str(window), "--overlap", str(o), "--json", res], check=True, stdout=subprocess.DEVNULL)
    r = json.load(open(res))
    b, i, q = r["windows"]["boundary"], r["windows"]["interior"], r["mean"]
    print(f"{name} ({join}), first {length} frames: PSNR {q['psnr']:.2f} dB, flicker joins {b['flicker']:.5f} / inside {i['flicker']:.5f} "
          f"= {b['flicker'] / i['flicker']:.2f}, tPSNR joins {b['tpsnr']:.2f} / inside {i['tpsnr']:.2f} dB "
          f"(boundary transitions {r['windows']['boundary_transitions']})")
