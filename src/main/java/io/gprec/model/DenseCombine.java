package io.gprec.model;

import java.util.Locale;

/**
 * How a sync round combines the P replicas' dense deltas ({@link DeltaAverager}): MEAN is model
 * averaging (the update moves as far as one replica did); SUM adds them (as if the P replicas'
 * steps had been taken one after another on one model). Embedding rows are always averaged over
 * the replicas that touched them.
 */
public enum DenseCombine {
    MEAN, SUM;

    /** The configuration spelling ("mean", "sum"); Flink matches enum options on toString. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
