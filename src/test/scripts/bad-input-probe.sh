#!/usr/bin/env bash
# Re-runs the bad-input cases of issue 13 against the built jar: every case must exit 0 or 2, print no stack
# trace, leave the input intact and leave no output behind when it fails. Needs python3-numpy for the inputs.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
jar="$root/target/vireo.jar"
d="$(mktemp -d)"
trap 'rm -rf "$d"' EXIT
cd "$d"
python3 - <<'PY'
import numpy as np, struct
rng = np.random.default_rng(0)
np.save("clip.npy", rng.random((4, 3, 32, 32), dtype=np.float32))
a = rng.random((4, 3, 32, 32), dtype=np.float32); a[0, 0, 0, 0] = np.nan; np.save("nan.npy", a)
a = rng.random((4, 3, 32, 32), dtype=np.float32); a[1, 1, 1, 1] = np.inf; np.save("inf.npy", a)
np.save("one.npy", rng.random((4, 3, 1, 1), dtype=np.float32))
np.save("two.npy", rng.random((4, 3, 2, 2), dtype=np.float32))
np.save("obj.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
def hdr(h, major=1):
    h = h + " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    ln = struct.pack("<H", len(h)) if major == 1 else struct.pack("<I", len(h))
    return b"\x93NUMPY" + bytes([major, 0]) + ln + h.encode("latin1")
open("neg.npy", "wb").write(hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3, 8, 8), }") + b"\0" * 64)
open("ovf.npy", "wb").write(hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 3, 8), }"))
open("past.npy", "wb").write(b"\x93NUMPY\x01\x00\xff\xff{'descr'")
open("v3.npy", "wb").write(hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 8, 8), }", 3) + b"\0" * 768)
open("v4.npy", "wb").write(hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 8, 8), }", 4) + b"\0" * 768)
h = hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 8, 8), }", 1)
open("v3short.npy", "wb").write(h[:6] + bytes([3, 0]) + h[8:] + b"\0" * 768)
PY
cp clip.npy keep.npy; ln -s keep.npy link.npy; ln keep.npy hard.npy
mkdir pngs && python3 -c "
import zlib,struct
def png(w,h):
    raw=b''.join(b'\0'+b'\x80'*3*w for _ in range(h))
    c=lambda t,d: struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d))
    return b'\x89PNG\r\n\x1a\n'+c(b'IHDR',struct.pack('>IIBBBBB',w,h,8,2,0,0,0))+c(b'IDAT',zlib.compress(raw))+c(b'IEND',b'')
for i in range(3): open('pngs/%03d.png'%i,'wb').write(png(32,32))
"
ln -s /nonexistent/frame.png pngs/003.png
long="$(python3 -c "print('temporal:uniform:' + '7' * 100000)")"
fail=0; n=0
copies_before=$(ls "${TMPDIR:-/tmp}" | grep -cE "^vireo-model-[0-9]+-.*\.pt$")
probe() { # probe NAME EXPECTED_RC ARGS...
  local name="$1" want="$2"; shift 2
  rm -rf out* ; n=$((n + 1))
  local sum; sum="$(md5sum keep.npy clip.npy | md5sum)"
  timeout 300 java -jar "$jar" "$@" >stdout 2>stderr; local rc=$?
  local lines; lines=$(wc -l <stderr)
  local bad=""
  [ "$rc" = "$want" ] || bad="rc=$rc want $want"
  grep -q '^\s*at [a-z]' stderr && bad="$bad stack-trace"
  [ "$rc" = 2 ] && [ "$lines" -gt 1 ] && bad="$bad stderr-lines=$lines"
  [ "$rc" = 2 ] && [ "$(head -c 400 stderr | wc -c)" -ge 400 ] && bad="$bad long-message"
  [ "$rc" != 0 ] && ls out* >/dev/null 2>&1 && bad="$bad left:$(ls -d out* | tr '\n' ' ')"
  [ "$sum" = "$(md5sum keep.npy clip.npy | md5sum)" ] || bad="$bad input-changed"
  printf '%-28s rc=%s %s\n' "$name" "$rc" "$(head -c 150 stderr | head -1)"
  [ -n "$bad" ] && { echo "   FAIL: $bad"; fail=$((fail + 1)); }
}
R=(restore --quiet --method cg --degradation down:2)
probe same-file 2 "${R[@]}" --input keep.npy --output keep.npy
probe symlink 2 "${R[@]}" --input keep.npy --output link.npy
probe hardlink 2 "${R[@]}" --input keep.npy --output hard.npy
probe restore-nan 2 "${R[@]}" --input nan.npy --output out.npy
probe restore-inf 2 "${R[@]}" --input inf.npy --output out.npy
probe degrade-nan 2 degrade --input nan.npy --degradation down:2 --output out.npy
probe eval-nan 2 eval --reference clip.npy --input nan.npy
probe zero-taps 2 degrade --input clip.npy --degradation temporal:taps:0/0/0 --output out.npy
probe threads-neg 2 "${R[@]}" --input clip.npy --output out.npy --threads -1
probe threads-999 2 "${R[@]}" --input clip.npy --output out.npy --threads 999
probe svi-threads-999 2 restore --quiet --nfe 2 --degradation down:2 --input clip.npy --output out.npy --threads 999
probe video-1x1 2 restore --quiet --nfe 2 --degradation down:1 --input one.npy --output out.npy
probe video-2x2 2 restore --quiet --nfe 2 --degradation down:1 --input two.npy --output out.npy
probe sim-1x1 2 restore --quiet --nfe 2 --simulate --degradation down:1 --input one.npy --output out.npy
probe window-0 2 "${R[@]}" --input clip.npy --output out.npy --window 0
probe npy-negative 2 degrade --input neg.npy --degradation down:2 --output out.npy
probe npy-overflow 2 degrade --input ovf.npy --degradation down:2 --output out.npy
probe npy-past-eof 2 degrade --input past.npy --degradation down:2 --output out.npy
probe npy-v3-valid 0 degrade --input v3.npy --degradation down:2 --output out.npy
probe npy-v3-u16-length 2 degrade --input v3short.npy --degradation down:2 --output out.npy
probe npy-v4 2 degrade --input v4.npy --degradation down:2 --output out.npy
probe npy-object 2 degrade --input obj.npy --degradation down:2 --output out.npy
probe seed-overflow 2 "${R[@]}" --input clip.npy --output out.npy --seed 99999999999999999999
probe geometry-no-sim 2 "${R[@]}" --input clip.npy --output out.npy --geometry square:16
probe max-size-no-sim 2 "${R[@]}" --input clip.npy --output out.npy --max-size 64
probe gauss-1e308 2 degrade --input clip.npy --degradation blur:gaussian:1e308 --output out.npy
probe arabic-digits 2 degrade --input clip.npy --degradation "down:٢" --output out.npy
probe long-spec 2 degrade --input clip.npy --degradation "$long" --output out.npy
probe png-dangling 2 degrade --input pngs --degradation down:2 --output out.npy
probe unknown-option 2 restore --bogus
probe cg-ok 0 "${R[@]}" --input clip.npy --output out.npy
probe degrade-ok 0 degrade --input clip.npy --degradation down:2 --output out.npy
left=$(ls "${TMPDIR:-/tmp}" | grep -cE "^vireo-model-[0-9]+-.*\.pt$")
[ "$left" -gt "$copies_before" ] && { echo "FAIL: model copies left in temp"; fail=$((fail+1)); }
echo "$n cases, $fail failing"
[ "$fail" = 0 ]
