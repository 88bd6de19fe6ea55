package dev.vireo.io.video;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-frame 256-colour palettes for GIF by median cut over a 15-bit (5 bits per channel) histogram, and the
 * mapping of each pixel to its nearest palette entry. No dithering: GIF output is for quick sharing.
 */
final class GifPalette {
    private final int[] count = new int[1 << 15];
    private final long[] sumR = new long[1 << 15], sumG = new long[1 << 15], sumB = new long[1 << 15];
    private final int[] map = new int[1 << 15];

    /**
     * Quantises one planar RGB frame at {@code d[base..]} ({@code plane} pixels per channel) into palette
     * indices {@code idx}; returns the palette as 256 0xAARRGGBB entries.
     */
    int[] quantize(float[] d, int base, int plane, byte[] idx) {
        Arrays.fill(count, 0);
        Arrays.fill(sumR, 0);
        Arrays.fill(sumG, 0);
        Arrays.fill(sumB, 0);
        int[] bin = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = Videos.to8bit(d[base + i]), g = Videos.to8bit(d[base + plane + i]), b = Videos.to8bit(d[base + 2 * plane + i]);
            int k = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
            bin[i] = k;
            count[k]++;
            sumR[k] += r;
            sumG[k] += g;
            sumB[k] += b;
        }
        List<int[]> boxes = new ArrayList<>();
        int used = 0;
        int[] all = new int[1 << 15];
        for (int k = 0; k < all.length; k++) {
            if (count[k] > 0) {
                all[used++] = k;
            }
        }
        boxes.add(Arrays.copyOf(all, used));
        while (boxes.size() < 256) {
            // Split the box with the most pixels that still holds more than one colour.
            int best = -1;
            long bestPixels = 0;
            for (int i = 0; i < boxes.size(); i++) {
                int[] box = boxes.get(i);
                if (box.length < 2) {
                    continue;
                }
                long px = 0;
                for (int k : box) {
                    px += count[k];
                }
                if (px > bestPixels) {
                    bestPixels = px;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            int[] box = boxes.remove(best);
            int shift = widestChannel(box);
            Integer[] sorted = Arrays.stream(box).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, (a, b) -> Integer.compare((a >> shift) & 31, (b >> shift) & 31));
            long half = bestPixels / 2, acc = 0;
            int cut = 1;
            for (; cut < sorted.length - 1; cut++) {
                acc += count[sorted[cut - 1]];
                if (acc >= half) {
                    break;
                }
            }
            int[] a = new int[cut], b = new int[sorted.length - cut];
            for (int i = 0; i < sorted.length; i++) {
                if (i < cut) {
                    a[i] = sorted[i];
                } else {
                    b[i - cut] = sorted[i];
                }
            }
            boxes.add(a);
            boxes.add(b);
        }
        int[] pal = new int[256];
        int[][] rgb = new int[boxes.size()][3];
        for (int i = 0; i < boxes.size(); i++) {
            long n = 0, r = 0, g = 0, b = 0;
            for (int k : boxes.get(i)) {
                n += count[k];
                r += sumR[k];
                g += sumG[k];
                b += sumB[k];
            }
            rgb[i][0] = (int) Math.round((double) r / n);
            rgb[i][1] = (int) Math.round((double) g / n);
            rgb[i][2] = (int) Math.round((double) b / n);
            pal[i] = 0xff000000 | rgb[i][0] << 16 | rgb[i][1] << 8 | rgb[i][2];
        }
        for (int u = 0; u < used; u++) {
            int k = all[u];
            double r = (double) sumR[k] / count[k], g = (double) sumG[k] / count[k], b = (double) sumB[k] / count[k];
            int bestI = 0;
            double bestD = Double.MAX_VALUE;
            for (int i = 0; i < rgb.length; i++) {
                double dr = r - rgb[i][0], dg = g - rgb[i][1], db = b - rgb[i][2];
                double dist = dr * dr + dg * dg + db * db;
                if (dist < bestD) {
                    bestD = dist;
                    bestI = i;
                }
            }
            map[k] = bestI;
        }
        for (int i = 0; i < plane; i++) {
            idx[i] = (byte) map[bin[i]];
        }
        return pal;
    }

    /** Bit shift (10 red, 5 green, 0 blue) of the channel with the widest range in a box. */
    private static int widestChannel(int[] box) {
        int bestShift = 0, bestRange = -1;
        for (int shift : new int[] {10, 5, 0}) {
            int lo = 31, hi = 0;
            for (int k : box) {
                int v = (k >> shift) & 31;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi - lo > bestRange) {
                bestRange = hi - lo;
                bestShift = shift;
            }
        }
        return bestShift;
    }
}
