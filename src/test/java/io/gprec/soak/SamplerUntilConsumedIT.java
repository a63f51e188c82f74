package io.gprec.soak;

import io.gprec.kafka.LocalKafka;
import io.gprec.replay.TopicSetup;
import io.gprec.stream.GprecJob;
import io.gprec.stream.TestJobConf;
import io.gprec.stream.TrainerOptions;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.synth.PlantedWorld;
import io.gprec.synth.SyntheticKafka;
import io.gprec.synth.SyntheticLayout;
import io.gprec.synth.SyntheticSpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampler's "until consumed" mode against a real job: a small synthetic stream in a real broker (2 partitions), the
 * job (unbounded, checkpoints every 1 s) on a MiniCluster with its REST API, and {@link SoakSampler#runUntilConsumed}
 * reading Flink's REST and the consumer group. It must stop at the first sample that shows every event committed, its
 * CSV must hold exactly the samples it returned, and the predictions must be the events, each once.
 */
class SamplerUntilConsumedIT {
    private static final int EVENTS = 6000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void samplesUntilEveryEventIsCommittedThenStops() throws Exception {
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(
                SyntheticSpec.defaults().withUsers(200).withItems(300).withEvents(EVENTS).withSeed(11)));
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            for (String t : List.of("until-predictions", "until-metrics", "until-dead")) kafka.createTopic(t, 1);
            TopicSetup.ensure(kafka.clientProperties(), "until-clicks", 2, Duration.ofSeconds(30));
            assertThat(SyntheticKafka.produce(layout, kafka.clientProperties(), "until-clicks", n -> { }).produced()).isEqualTo(EVENTS);

            Configuration conf = TestJobConf.of(kafka.bootstrapServers(), "until-clicks", "until", "until-group", dir, "1 s");
            conf.set(TrainerOptions.GROUPS, 8); // fewer than the default 60: the same code paths at a fraction of the CPU
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, 0);
            try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build())) {
                cluster.start();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
                env.setParallelism(1);
                GprecJob.build(env, conf, ClickEventCodec.forSchema(layout.schema()));
                StreamGraph graph = env.getStreamGraph();
                graph.setJobName("until-consumed");
                String job = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID().toHexString();
                String rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS).toString();

                Path csv = dir.resolve("run.csv");
                List<SoakSample> samples;
                try (ConsumerLag lag = new ConsumerLag(kafka.clientProperties(), "until-clicks", "until-group")) {
                    SoakSampler sampler = new SoakSampler(new FlinkRest(rest), job, dir.resolve("none"), dir.resolve("until-checkpoints"),
                            lag::position);
                    samples = sampler.runUntilConsumed(EVENTS, Duration.ofMinutes(4), Duration.ofSeconds(1), csv,
                            new PrintStream(new ByteArrayOutputStream()));
                }
                SoakSample last = samples.get(samples.size() - 1);
                assertThat(last.eventsConsumed()).isEqualTo(EVENTS);
                assertThat(last.consumerLag()).isZero();
                assertThat(samples.subList(0, samples.size() - 1)).allSatisfy(s -> assertThat(s.eventsConsumed()).isLessThan(EVENTS));
                assertThat(last.checkpointId()).isPositive();
                assertThat(last.checkpointDirBytes()).isPositive();
                assertThat(Files.readAllLines(csv)).containsExactlyElementsOf(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(SoakSample.CSV_HEADER), samples.stream().map(SoakSample::csvLine)).toList());
                assertThat(cluster.getJobStatus(org.apache.flink.api.common.JobID.fromHexString(job)).get()).hasToString("RUNNING");

                Map<String, Object> summary = ConsumedRun.summary(samples, EVENTS, 1);
                assertThat((Double) summary.get("events_per_second_overall")).isPositive();
                assertThat((Long) summary.get("events_consumed")).isEqualTo(EVENTS);

                CommittedEvents.Count predictions = CommittedEvents.count(kafka.clientProperties(), "until-predictions", EVENTS,
                        Duration.ofSeconds(60));
                assertThat(predictions.distinct()).isEqualTo(EVENTS);
                assertThat(predictions.duplicates()).isZero();

                // the metrics topic's newest committed record covers the run: it has seen every event
                // (the two sinks commit one after the other: give the metrics sink's commit a moment)
                Map<?, ?> metrics = Map.of();
                for (long until = System.nanoTime() + 30_000_000_000L; System.nanoTime() < until; Thread.sleep(200)) {
                    byte[] lastMetrics = LastCommittedRecord.read(kafka.clientProperties(), "until-metrics", Duration.ofSeconds(10)).orElseThrow();
                    metrics = new com.fasterxml.jackson.databind.ObjectMapper().readValue(lastMetrics, Map.class);
                    if (((Number) metrics.get("events")).longValue() == EVENTS) break;
                }
                assertThat(((Number) metrics.get("events")).longValue()).isEqualTo(EVENTS);
                assertThat(((Number) metrics.get("cumulative_auc")).doubleValue()).isBetween(0.0, 1.0);
            }
        }
    }
}
