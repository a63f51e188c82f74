package io.gprec.offline;

import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The throughput benchmark on the synthetic dataset with a tiny time budget. */
class ThroughputBenchTest {
    @Test
    void measuresFullBatchesAfterWarmUp() {
        int batch = 32, warmup = 2;
        AtomicInteger callbacks = new AtomicInteger();
        ThroughputBench.Result r = ThroughputBench.run(SyntheticData.dataset(1, 1000),
                SyntheticData.smallConfig(ModelKind.GPREC, Strategy.INPUT, 1).build(), batch, warmup, 0.05,
                callbacks::incrementAndGet);
        assertThat(r.examplesPerSecond()).isPositive().isFinite();
        assertThat(r.steps()).isGreaterThanOrEqualTo(5);
        assertThat(r.examples()).isEqualTo((long) r.steps() * batch);
        assertThat(r.seconds()).isGreaterThanOrEqualTo(0.05);
        assertThat(r.examplesPerSecond()).isCloseTo(r.examples() / r.seconds(), org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(r.warmupSteps()).isEqualTo(warmup);
        assertThat(r.cpuSeconds()).isPositive();
        assertThat(r.examplesPerCpuSecond()).isCloseTo(r.examples() / r.cpuSeconds(), org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(callbacks.get()).isEqualTo(r.steps()); // warm-up steps are not reported
    }
}
