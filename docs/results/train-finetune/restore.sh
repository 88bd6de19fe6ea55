#!/usr/bin/env bash
# restore held-out foreman frames 260-275 (>= 60 frames after the training span) at 64^2, 20 NFE
set -u
cd /tmp/b15
V="java -jar /tmp/b15/vireo.jar"
CLIP=/work/shared/data/videos/openh264-foreman-352x288.264
models="$1"   # e.g. "generic admm" or "ft"
for task in "sr4+t7|temporal:uniform:7,down:4" "deblur2+t7|temporal:uniform:7,blur:gaussian:2.0:13:pad=circular" "inpaint50+t7|temporal:uniform:7,mask:random:0.5"; do
  name=${task%%|*}; spec=${task#*|}
  for m in $models; do
    case $m in
      generic) args="--method svi --model vireo-tiny";;
      ft) args="--method svi --model /tmp/b15/ft.pt";;
      admm) args="--method admm-tv";;
    esac
    echo "=== $name $m ($(date -u +%T))"
    $V restore --simulate --input $CLIP --start 260 --frames 16 --geometry square:64 --degradation "$spec" \
      $args --seed 0 --threads 1 --quiet --output out-$name-$m.npy 2>&1 | tail -5
  done
done
date -u +"restored %FT%TZ"
