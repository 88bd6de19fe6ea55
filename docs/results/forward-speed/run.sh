#!/usr/bin/env bash
# Reruns every figure of issue 12's speed goals on this machine and prints the tables:
#   1. Vireo beside PyTorch (python3-torch), vireo-tiny and vireo-base at 64² and 128², fp32 and bf16, batch 4
#   2. per-pixel cost of an untiled 272x640 forward against 64² (vireo-tiny, batch 2)
#   3. the time split (network / operators / rest) of a default restore --simulate (16 frames, 64², vireo-tiny)
# Usage: docs/results/forward-speed/run.sh [OUT_DIR]   (default target/forward-speed; THREADS=N, default 1,
# sets the intra-op threads of both Vireo and PyTorch in 1 and 2; the split runs with the suite's own settings).
# On a shared machine only the ratios mean anything; on an idle one, THREADS=0 uses all cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
. bin/native-env # the allocator settings of bin/vireo (PyTorch, a child process, gets them too)
out="${1:-target/forward-speed}"
threads="${THREADS:-1}"
mkdir -p "$out"
[ -f target/vireo.jar ] || mvn -B -q package -DskipTests
python=/usr/bin/python3
[ -x "$python" ] || python=python3
vireo() { java -jar target/vireo.jar "$@"; }

echo "== 1. forward, Vireo vs PyTorch (threads $threads, batch 4)"
vireo bench forward --threads "$threads" --batch 4 --repeats 3 --output "$out/forward.json"

echo
echo "== 2. per-pixel cost, 272x640 against 64² (vireo-tiny, threads $threads, batch 2)"
vireo bench forward --threads "$threads" --models vireo-tiny --sizes 64,272x640 --precisions fp32,bf16 \
  --batch 2 --repeats 2 --output "$out/perpixel.json"
"$python" - "$out/perpixel.json" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))["forward"]
print("\n| precision | Vireo ns/pixel 64² | Vireo ns/pixel 272x640 | Vireo 272x640 / 64² | PyTorch 272x640 / 64² |")
print("|---|---|---|---|---|")
for p in ("fp32", "bf16"):
    small = next(r for r in rows if r["precision"] == p and r["height"] == 64 and r["width"] == 64)
    big = next(r for r in rows if r["precision"] == p and r["height"] == 272)
    peer = "–"
    if "pytorch_ms_per_frame" in small:
        peer = "%.2f" % ((big["pytorch_ms_per_frame"] / (272 * 640)) / (small["pytorch_ms_per_frame"] / (64 * 64)))
    print("| %s | %.0f | %.0f | %.2f | %s |" % (p, small["ns_per_pixel"], big["ns_per_pixel"],
                                              big["ns_per_pixel"] / small["ns_per_pixel"], peer))
EOF

echo
echo "== 3. time split of a default restore --simulate (svi, precision auto, 16 frames of carphone at 64², vireo-tiny)"
vireo bench --suite docs/results/forward-speed/split-suite.json --output "$out/split"
"$python" - "$out/split/results.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("\n| task | precision | PSNR | solve s | network s | operators s | other s | network share |")
print("|---|---|---|---|---|---|---|---|")
for run in r["runs"]:
    s = run["seconds"]
    print("| %s | %s | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f %% |" % (run["task"], run["precision"], run["psnr"], s,
          run["network_seconds"], run["operator_seconds"], run["other_seconds"], 100 * run["network_seconds"] / s))
EOF
