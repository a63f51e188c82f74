package io.gprec.faults;

import io.gprec.stream.GprecJob;
import io.gprec.stream.KafkaOptions;
import io.gprec.stream.TrainerOptions;
import io.gprec.stream.event.ClickEventCodec;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The GPRec job (parallelism 1) on its own Flink MiniCluster, submitted asynchronously, so a fault test can act
 * while it runs and then read what happened from the archived execution graph: the final state, how often it
 * restarted (the highest attempt number of any task) and how many checkpoints it restored.
 */
final class MiniClusterJob implements AutoCloseable {
    /** What the job went through. */
    record Outcome(JobStatus state, int restarts, long restoredCheckpoints, long completedCheckpoints, double seconds) {}

    private final MiniCluster cluster;
    private final JobID id;
    private final long startNanos = System.nanoTime();

    private MiniClusterJob(MiniCluster cluster, JobID id) {
        this.cluster = cluster;
        this.id = id;
    }

    /**
     * The job's settings for a fault test: clicks from {@code clicks}, outputs {@code <prefix>-predictions|metrics|dead},
     * count-based mini-batches of 256 (max-wait 0: reproducible), seed 42, 8 groups, bounded at the topic's end offset when
     * {@code stopAt < 0}, RocksDB checkpoints every 2 s, and up to 100 restarts 1 s apart (so a failure shows as a restart).
     */
    static Configuration jobConf(String bootstrap, String clicks, String prefix, long stopAt, java.nio.file.Path dir) {
        Configuration c = io.gprec.stream.TestJobConf.of(bootstrap, clicks, prefix, prefix, dir, "2 s");
        c.set(KafkaOptions.BOUNDED, true);
        c.set(KafkaOptions.STOP_AT_OFFSET, stopAt);
        c.set(TrainerOptions.BATCH_SIZE, 256);
        c.set(TrainerOptions.MAX_WAIT, Duration.ZERO);
        c.set(TrainerOptions.SEED, 42L);
        c.set(TrainerOptions.GROUPS, 8); // fewer than the default 60: the same code paths at a fraction of the CPU
        c.set(TrainerOptions.METRICS_EVERY, 5000);
        c.setString("execution.checkpointing.incremental", "true");
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return c;
    }

    static MiniClusterJob submit(Configuration conf, ClickEventCodec codec, String name) throws Exception {
        // a free loopback port: the default 8081 may be taken by a cluster on the same machine
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        try {
            cluster.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            GprecJob.build(env, conf, codec);
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName(name);
            return new MiniClusterJob(cluster, cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Waits for the job to end (it must be bounded) and reports; the job's own failure, if any, is in the state. */
    Outcome await(Duration timeout) throws Exception {
        cluster.requestJobResult(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        ArchivedExecutionGraph g = cluster.getArchivedExecutionGraph(id).get(30, TimeUnit.SECONDS);
        int restarts = 0;
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
            restarts = Math.max(restarts, v.getCurrentExecutionAttempt().getAttemptNumber());
        }
        var counts = g.getCheckpointStatsSnapshot().getCounts();
        return new Outcome(g.getState(), restarts, counts.getNumberOfRestoredCheckpoints(),
                counts.getNumberOfCompletedCheckpoints(), seconds);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
