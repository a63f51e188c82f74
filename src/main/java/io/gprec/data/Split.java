package io.gprec.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/** A train/validation/test partition of interactions. */
public record Split(List<Interaction> train, List<Interaction> validation, List<Interaction> test) {

    public Split {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        validation = List.copyOf(Objects.requireNonNull(validation, "validation"));
        test = List.copyOf(Objects.requireNonNull(test, "test"));
    }

    /**
     * Shuffles a copy of {@code all} with {@code new Random(seed)} and cuts it into
     * floor(n*train), floor(n*validation) and the rest for test.
     */
    public static Split random(List<Interaction> all, long seed, double trainFraction, double validationFraction) {
        Objects.requireNonNull(all, "all");
        requireFraction("trainFraction", trainFraction);
        requireFraction("validationFraction", validationFraction);
        // Tolerance because e.g. 0.7 + 0.3 is not exactly 1.0 in binary floating point.
        if (trainFraction + validationFraction > 1.0 + 1e-9) {
            throw new IllegalArgumentException("trainFraction + validationFraction must not exceed 1, got "
                    + trainFraction + " + " + validationFraction);
        }
        List<Interaction> shuffled = new ArrayList<>(all);
        // Explicit Fisher-Yates rather than Collections.shuffle so the order is pinned by this code, not the JDK.
        Random random = new Random(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            shuffled.set(i, shuffled.set(j, shuffled.get(i)));
        }
        int n = shuffled.size();
        int trainSize = (int) Math.floor(n * trainFraction);
        int validationSize = Math.min((int) Math.floor(n * validationFraction), n - trainSize);
        return new Split(
                shuffled.subList(0, trainSize),
                shuffled.subList(trainSize, trainSize + validationSize),
                shuffled.subList(trainSize + validationSize, n));
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
