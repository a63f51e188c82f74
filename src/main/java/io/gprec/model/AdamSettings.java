package io.gprec.model;

/** Adam hyper-parameters; weight decay is added to the gradient (L2), as PyTorch's Adam does. */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    public AdamSettings {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0,1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0,1), got " + beta2);
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }

    public static AdamSettings of(double learningRate, double weightDecay) {
        return new AdamSettings(learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }
}
