#!/bin/bash
# gamma sweep on cups, 64², 16 frames, vireo-tiny, 20 NFE, sigma_y 0.02
cd "$(dirname "$0")/../../../.." && OUT=${OUT:-gamma-out} && mkdir -p "$OUT"
clip=../shared/data/videos/sam2-02_cups.mp4
run() { # name spec gamma
  out=$OUT/$1-g$3
  mkdir -p $out && java -jar target/vireo.jar restore --simulate --input $clip --geometry square:64 --frames 16 --degradation "$2" --noise 0.02 --option gamma=$3 --output $out/out.npy --quiet > $out.log 2>&1
  echo "$1 gamma=$3 $(grep -m1 -o '"psnr" : [0-9.]*' $out/out.run.json)" >> $OUT/summary.txt
}
run t7 temporal:uniform:7 3
run t13 temporal:uniform:13 3
run inpaint50+t7 temporal:uniform:7,mask:random:0.5 10
run inpaint50+t7 temporal:uniform:7,mask:random:0.5 3
run deblur2+t7 temporal:uniform:7,blur:gaussian:2.0:13:pad=circular 3
