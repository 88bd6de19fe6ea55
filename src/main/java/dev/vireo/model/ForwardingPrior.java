package dev.vireo.model;

import dev.vireo.schedule.NoiseSchedule;
import java.util.Map;

/**
 * A prior that wraps another and changes only some of what it does (timing, tiling): everything it does not
 * override is the inner prior's.
 */
public abstract class ForwardingPrior implements Prior {
    protected final Prior inner;

    protected ForwardingPrior(Prior inner) {
        this.inner = inner;
    }

    public Prior inner() {
        return inner;
    }

    @Override
    public NoiseSchedule schedule() {
        return inner.schedule();
    }

    @Override
    public int channels() {
        return inner.channels();
    }

    @Override
    public int sizeMultiple() {
        return inner.sizeMultiple();
    }

    @Override
    public int trainingSize() {
        return inner.trainingSize();
    }

    @Override
    public long parameterCount() {
        return inner.parameterCount();
    }

    @Override
    public long weightBytes() {
        return inner.weightBytes();
    }

    @Override
    public long activationBytesPerFrame(int height, int width) {
        return inner.activationBytesPerFrame(height, width);
    }

    @Override
    public Map<String, Object> provenance() {
        return inner.provenance();
    }
}
