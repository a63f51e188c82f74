package io.gprec.model;

/** Test access to a model's dense parameters, for tests outside this package. */
public final class ModelSnapshotTestAccess {
    private ModelSnapshotTestAccess() {}

    public static double[] parameters(GprecModel model) {
        return model.params().values().data().asDouble();
    }
}
