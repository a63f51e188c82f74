package io.gprec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam over the flat dense parameter buffer, using nd4j's own {@code AdamUpdater}: one call per
 * step for all dense parameters, so its per-op cost does not matter here.
 */
final class DenseAdam {
    private final AdamSettings settings;
    private final INDArray state;
    private final GradientUpdater<?> updater;

    DenseAdam(AdamSettings settings, Params params) {
        this.settings = settings;
        this.state = Nd4j.create(params.values().dataType(), 1, 2 * Math.max(1, params.count()));
        this.updater = new Adam(settings.learningRate(), settings.beta1(), settings.beta2(), settings.epsilon())
                .instantiate(state, true);
    }

    /** Applies one update in place; {@code step} counts from 0 (nd4j's iteration). Overwrites the gradients. */
    void step(Params params, long step) {
        INDArray grads = params.grads();
        if (settings.weightDecay() > 0) {
            Nd4j.getBlasWrapper().level1().axpy(grads.length(), settings.weightDecay(), params.values(), grads);
        }
        updater.applyUpdater(grads, (int) Math.min(Integer.MAX_VALUE, step), 0);
        params.values().subi(grads);
    }

    /** The m and v moments, for checkpoints. */
    INDArray state() { return state; }
}
