package dev.vireo.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DegradationEstimator} found in a measured clip.
 *
 * @param frames temporal uniform averaging length k (1 = no temporal averaging)
 * @param framesConfidence 1 − exp(−δ), δ the per-block −2 log-likelihood margin over the next k, in [0, 1]
 * @param wraps the circular-boundary fit explained the clip better than the replicate one (the clip wraps around)
 * @param blurSigma Gaussian blur σ in pixels (0 = no blur found)
 * @param blurConfidence how well the re-blur curve fits its model, in [0, 1]
 * @param noise per-channel noise σ_y
 * @param noiseConfidence agreement of two independent flat-region estimates, in [0, 1]
 */
public record Estimate(int frames, double framesConfidence, boolean wraps, double blurSigma, double blurConfidence, double[] noise,
        double noiseConfidence) {
    public Estimate {
        noise = noise.clone();
    }

    /**
     * A {@code --degradation} spec: {@code temporal:uniform:K} and/or {@code blur:gaussian:S}, else {@code identity}.
     * The temporal part keeps the default (replicate) boundary, real footage not wrapping around in time, unless
     * the clip was found to wrap ({@code :pad=circular}).
     */
    public String spec() {
        StringBuilder sb = new StringBuilder();
        if (frames > 1) {
            sb.append("temporal:uniform:").append(frames).append(wraps ? ":pad=circular" : "");
        }
        if (blurSigma > 0) {
            sb.append(sb.length() > 0 ? "," : "").append("blur:gaussian:").append(shortest(blurSigma));
        }
        return sb.length() == 0 ? "identity" : sb.toString();
    }

    /** The {@code --noise} value: the mean of the channel estimates, to 4 decimals. */
    public double noiseValue() {
        double s = 0;
        for (double v : noise) {
            s += v;
        }
        return Math.round(s / noise.length * 1e4) / 1e4;
    }

    /** The estimate as JSON-ready values (for --json and run.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("degradation", spec());
        m.put("noise", noiseValue());
        m.put("temporal_frames", frames);
        m.put("temporal_confidence", round(framesConfidence));
        m.put("temporal_boundary", wraps ? "circular" : "replicate");
        m.put("blur_sigma", blurSigma);
        m.put("blur_confidence", round(blurConfidence));
        List<Double> ch = new ArrayList<>();
        for (double v : noise) {
            ch.add(Math.round(v * 1e5) / 1e5);
        }
        m.put("noise_per_channel", ch);
        m.put("noise_confidence", round(noiseConfidence));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String shortest(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
