#!/usr/bin/env bash
set -u
cd /tmp/b15
date -u +"start %FT%TZ"
rm -f ft.pt ft.json ft.train.json ft.loss.png ft.samples.png ft.train-state
java -jar /tmp/b15/vireo.jar train --data /work/shared/data/videos/openh264-foreman-352x288.264 --frames 200 --geometry square:64 \
  --init vireo-tiny --steps 100000 --batch 8 --lr 1e-4 --ema 0.999 --seed 0 --checkpoint-every 25 --log-every 5 \
  --time-limit 17 --precision bf16 --threads 1 --output ft.pt
date -u +"trained %FT%TZ"
