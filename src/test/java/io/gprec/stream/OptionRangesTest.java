package io.gprec.stream;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that parse but the job cannot use: one line naming the key, what it accepts and the value. */
class OptionRangesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gprec.trainer.batch-size          | 0             | gprec.trainer.batch-size must be > 0, got 0",
            "gprec.trainer.groups              | -3            | gprec.trainer.groups must be > 0, got -3",
            "gprec.metrics.window              | 0             | gprec.metrics.window must be > 0, got 0",
            "gprec.trainer.learning-rate       | 0             | gprec.trainer.learning-rate must be a number > 0, got 0.0",
            "gprec.trainer.learning-rate       | NaN           | gprec.trainer.learning-rate must be a number > 0, got NaN",
            // Flink's duration parser refuses a negative text already; a negative Duration set in code reaches the range check (below)
            "gprec.state.ttl                   | -1 h          | gprec.state.ttl: '-1 h' is not a duration such as 500 ms, 10 s or 1 min",
            "gprec.trainer.fail-after-events   | -1            | gprec.trainer.fail-after-events must be >= 0 (0 = never), got -1",
            "gprec.kafka.stop-at-offset        | -2            | gprec.kafka.stop-at-offset must be >= 0, or -1 for the end offsets seen at start, got -2",
            "gprec.dashboard.port              | 70000         | gprec.dashboard.port must be a port in 0..65535 (0 = any free port), got 70000",
            "gprec.dashboard.history           | 0             | gprec.dashboard.history must be > 0, got 0",
            "gprec.kafka.group-id              | ' '           | gprec.kafka.group-id must not be empty",
            "gprec.kafka.bootstrap-servers     | localhost     | gprec.kafka.bootstrap-servers must be a comma-separated list of host:port with ports 1..65535, e.g. 127.0.0.1:9092, got 'localhost' ('localhost' is not host:port)",
            "gprec.kafka.bootstrap-servers     | a:1,b:70000   | gprec.kafka.bootstrap-servers must be a comma-separated list of host:port with ports 1..65535, e.g. 127.0.0.1:9092, got 'a:1,b:70000' (port 70000 of 'b:70000' is not in 1..65535)",
            "gprec.kafka.clicks-topic          | bad topic     | gprec.kafka.clicks-topic must be a Kafka topic name, 1 to 249 of the characters A-Z a-z 0-9 . _ - (not '.' or '..'), got 'bad topic'",
            "gprec.kafka.dead-letter-topic     | gprec.metrics | gprec.kafka.dead-letter-topic must differ from gprec.kafka.metrics-topic, both are 'gprec.metrics'",
            "gprec.data.schema-file            | /nonexistent/schema.json | gprec.data.schema-file must be an existing schema file (or empty for MovieLens), got '/nonexistent/schema.json'",
            "gprec.trainer.snapshot-dir        | pom.xml       | gprec.trainer.snapshot-dir must be a directory (it is created if missing), got the file 'pom.xml'"})
    void aValueOutOfRangeIsOneLineNamingTheKeyAndWhatItAccepts(String key, String value, String message) {
        Configuration conf = new Configuration();
        conf.setString(key, value);
        assertThatThrownBy(() -> GprecJob.validate(conf)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void syncSettingsThatCannotWorkTogetherAreRefusedAndTheDocumentedSpellingsParse() {
        Configuration conf = new Configuration();
        conf.setString("gprec.sync.max-staleness", "-2");
        assertThatThrownBy(() -> GprecJob.validate(conf)).hasMessage("gprec.sync.max-staleness must be >= 0 mini-batches, or -1 for no wait, got -2");
        conf.setString("gprec.sync.max-staleness", "1");
        conf.setString("gprec.sync.delivery", "exactly-once");
        assertThatThrownBy(() -> GprecJob.validate(conf)).hasMessage("gprec.sync.max-staleness must be -1 with gprec.sync.delivery "
                + "exactly-once (its rounds wait for a checkpoint that a waiting subtask would hold up), got 1");
        conf.setString("gprec.sync.max-staleness", "-1");
        GprecJob.validate(conf);
        org.assertj.core.api.Assertions.assertThat(conf.get(SyncOptions.DELIVERY)).isEqualTo(SyncDelivery.EXACTLY_ONCE);
        conf.setString("gprec.sync.staleness-timeout", "0 s");
        assertThatThrownBy(() -> GprecJob.validate(conf)).hasMessage("gprec.sync.staleness-timeout must be > 0, got PT0S");
        conf.setString("gprec.sync.staleness-timeout", "1 s");
        conf.setString("gprec.sync.combine", "sum");
        conf.setString("gprec.sync.delivery", "at-least-once");
        GprecJob.validate(conf);
        org.assertj.core.api.Assertions.assertThat(conf.get(SyncOptions.COMBINE)).isEqualTo(io.gprec.model.DenseCombine.SUM);
        org.assertj.core.api.Assertions.assertThat(conf.get(SyncOptions.DELIVERY)).isEqualTo(SyncDelivery.AT_LEAST_ONCE);
        conf.setString("gprec.sync.combine", "median");
        assertThatThrownBy(() -> GprecJob.validate(conf)).hasMessage("gprec.sync.combine: 'median' is not one of mean, sum");
    }

    @org.junit.jupiter.api.Test
    void aSubtaskTrainsOnItsShareOfTheBatch() {
        SyncSettings split = SyncSettings.from(new Configuration());
        org.assertj.core.api.Assertions.assertThat(split.subtaskBatch(256, 1)).isEqualTo(256);
        org.assertj.core.api.Assertions.assertThat(split.subtaskBatch(256, 2)).isEqualTo(128);
        org.assertj.core.api.Assertions.assertThat(split.subtaskBatch(256, 3)).isEqualTo(86);
        Configuration off = new Configuration();
        off.set(SyncOptions.SPLIT_BATCH, false);
        org.assertj.core.api.Assertions.assertThat(SyncSettings.from(off).subtaskBatch(256, 2)).isEqualTo(256);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"127.0.0.1:9092", "kafka-1:9092,kafka-2:9093", "[::1]:9092"})
    void validBootstrapListsPass(String servers) {
        org.assertj.core.api.Assertions.assertThat(KafkaNames.serversProblem(servers)).isNull();
    }

    @org.junit.jupiter.api.Test
    void aNegativeTtlSetInCodeIsOneLineNamingTheKey() {
        Configuration conf = new Configuration();
        conf.set(StateOptions.TTL, java.time.Duration.ofHours(-1));
        assertThatThrownBy(() -> GprecJob.validate(conf)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gprec.state.ttl must be >= 0 (0 = never expire), got -1 h");
    }

    @org.junit.jupiter.api.Test
    void theLearningRateReachesTheModelAndDefaultsToThePapers() {
        org.assertj.core.api.Assertions.assertThat(GprecJob.modelConfig(new Configuration()).adam.learningRate()).isEqualTo(0.002);
        Configuration conf = new Configuration();
        conf.set(TrainerOptions.LEARNING_RATE, 0.004);
        io.gprec.model.GprecConfig model = GprecJob.modelConfig(conf);
        org.assertj.core.api.Assertions.assertThat(model.adam.learningRate()).isEqualTo(0.004);
        org.assertj.core.api.Assertions.assertThat(model.adam.weightDecay()).isEqualTo(io.gprec.model.GprecConfig.builder().build().adam.weightDecay());
    }
}
