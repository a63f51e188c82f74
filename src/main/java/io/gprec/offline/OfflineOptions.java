package io.gprec.offline;

import io.gprec.model.GprecConfig;

import java.nio.file.Path;

/**
 * The offline protocol of the paper (§IV-A): a random 80/10/10 split by seed, mini-batch
 * training with early stopping on validation AUC, the best-validation model scored on test.
 * Defaults: batch 4096, at most 30 epochs, patience 2.
 */
public record OfflineOptions(Path dataDir, GprecConfig model, int batchSize, int maxEpochs, int patience, long seed) {
    public static final int DEFAULT_BATCH = 4096;
    public static final int DEFAULT_EPOCHS = 30;
    public static final int DEFAULT_PATIENCE = 2;

    public OfflineOptions {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        if (maxEpochs <= 0) throw new IllegalArgumentException("epochs must be > 0, got " + maxEpochs);
        if (patience <= 0) throw new IllegalArgumentException("patience must be > 0, got " + patience);
    }
}
