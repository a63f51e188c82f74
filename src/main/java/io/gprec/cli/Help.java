package io.gprec.cli;

/** Per-command help text. */
final class Help {
    private static final String MODEL = """
              --model base|gprec|dgpm       backbone alone, with GPRec (default), or the DGPM-like baseline
                                            (one embedding per group, softmax division, DP strategy only)
              --strategy input|dp|ensemble  how GPRec joins the backbone (default input; dp for dgpm)
              --backbone mlp|dcn|gdcn|deepfm|finalmlp
                                            the backbone giving r_b (default mlp); finalmlp: input or ensemble
              --seed N                      split, init and noise seed (default 42)
              --groups G --tau T            groups (60) and Gumbel temperature (0.5)
              --combine sum|concat          how the G group patterns form r_G (sum)
              --lambda1 --lambda2 --lambda3 weights of L_G, L_Con, L_O (1, 0.001, 0.0001)
              --orthogonal signed|absolute  L_O as Eq. 13, or |cos| (signed)
              --lr --weight-decay --dropout Adam and backbone dropout (0.002, 1e-6, 0.2)
              --single-group-embedding --no-individual --no-group-loss --no-contrast-loss --no-orthogonal-loss
                                            the ablations of paper §IV-C
              --data-dir DIR                MovieLens 100K or 1M folder (default ../shared/datasets/ml-100k)""";

    private Help() {}

    static String of(String command) {
        return switch (command) {
            case "run" -> """
                    usage: gprec run [options]   (scripts/run-local.sh)
                      starts a Kafka broker (in this JVM) and a Flink MiniCluster configured by flink-conf/config.yaml,
                      replays the dataset into the clicks topic in event-time order, runs the streaming job until the
                      data is consumed, prints the rolling AUC, then a summary; stops everything it started
                      --model base|gprec|dgpm --strategy input|dp|ensemble --groups G --seed N --batch N
                      --backbone mlp|dcn|gdcn|deepfm|finalmlp
                                                          override the gprec.trainer.* keys of config.yaml
                      --data-dir DIR                      MovieLens 100K or 1M folder (default ../shared/datasets/ml-100k;
                                                          if that is missing, a synthetic stream: see gprec generate)
                      --synthetic [--synthetic-events N]  use the synthetic stream (100000 events, 4 planted groups)
                      --limit N                           replay only the first N events
                      --rate R                            replay at R events/s while the job runs (default: all of it
                                                          first) and report the append→prediction latency p50/p99
                      --checkpoint-interval D             e.g. "5 s" (default from config.yaml: 10 s)
                      --parallelism P                     trainer subtasks (default 1); P > 1 syncs their shared
                                                          parameters (gprec.sync.*, docs/SCALING.md)
                      --dashboard-port N                  port of the live dashboard on 127.0.0.1 (default from config.yaml: 8088,
                                                          or any free port when that one is taken); its URL is printed
                      --no-dashboard                      do not start the dashboard
                      --hold                              keep the dashboard up after the summary until Enter or Ctrl-C
                      --conf-dir DIR --work-dir DIR       config.yaml folder (flink-conf), scratch folder (target/local-run)
                      --report-json FILE                  write the summary (events, predictions, dead_letters,
                                                          prequential_auc, prequential_logloss, last20_auc, events_per_second, ...)""";
            case "offline" -> "usage: gprec offline [options]\n" + MODEL + """

                      --epochs N --patience N --batch N   at most 30 epochs, stop after 2 without a better validation AUC, batch 4096
                      --report-json FILE                  write {"test_auc", "test_logloss", ...}
                      --save-model FILE                   write the best-validation model snapshot""";
            case "bench" -> "usage: gprec bench [options]\n" + MODEL + """

                      --batch N --warmup N --seconds S    batch size (4096), warm-up steps (10), measured time (20 s)
                      --report-json FILE                  write {"examples_per_second", ...}""";
            case "replay" -> """
                    usage: gprec replay [options]
                      produces a dataset to a Kafka topic as the streaming job's click events (JSON, key = user id),
                      with an idempotent producer (acks=all); a progress bar with events/s and ETA, then a summary
                      --data-dir DIR                      dataset folder (default ../shared/datasets/ml-100k); with --schema,
                                                          the folder the schema's relative file names resolve against
                      --layout ml-100k|ml-1m|csv          default: csv with --schema, else ml-100k (u.data) or ml-1m (ratings.dat)
                      --schema FILE                       schema file (JSON or YAML) of a CSV/TSV dataset: docs/DATASETS.md
                      --order event-time|file|shuffle     event time (ties by user, item, file order; default), as in the
                                                          file (a CSV then streams), or shuffled by --seed N (42)
                      --rate R | --speedup X              R events/s, or X times the recorded gaps (default: as fast as possible)
                      --bootstrap-servers HOST:PORT       default 127.0.0.1:9092
                      --topic NAME --partitions N         default gprec.clicks; created with N partitions (1) if missing
                      --limit N                           send at most N events (0 = all)
                      --start-offset N                    resume: skip the first N events of the ordered stream
                      --strict                            stop at the first bad row instead of counting and skipping it
                      --report-json FILE                  write the summary {"produced", "seconds", "events_per_second", "bad_rows", ...}
                      --conf-dir DIR                      Kafka client settings (SASL/SSL) from its config.yaml's
                                                          gprec.kafka.properties.* (flink-conf)
                    run the job on a CSV dataset with gprec.data.schema-file set to the same schema file""";
            case "generate" -> """
                    usage: gprec generate (--out DIR | --kafka BOOTSTRAP --topic T [--partitions N]) [options]
                      a synthetic click stream with planted user groups (docs/SYNTHETIC.md), in event-time order:
                      --out DIR writes clicks.csv, users.csv (with the planted_group column), items.csv, schema.json
                      (the format 'gprec replay' reads) and truth.json; --kafka produces the job's click events
                      (key = user id), creating the topic with N partitions (1) if it is missing, at --rate R
                      events/s (default as fast as possible)
                      --users N --items N            users (10000) and items (5000)
                      --groups K --clusters C        planted user groups (4) and item clusters (16, >= K)
                      --user-fields N --item-fields N extra categorical fields (2 user, tied to the group; 1 item, noise)
                      --events N                     stream length (100000)
                      --ctr P                        base click-through rate the bias is calibrated to (0.2)
                      --seed N                       everything derives from it (42)
                      --drift-at T                   from event T on, each group likes the previous group's clusters
                      --affinity S --taste-std S --taste-rank R --popularity-std S
                                                     logit terms: group affinity (2.0), personal taste u.v (0.5, rank 4),
                                                     item bias (0.5)
                      --field-signal P               chance a user field value names the group (0.5)
                      --item-skew G                  exposure skew, item = floor(items * x^G) (2.0; 1 = uniform)
                      --start-ms T --time-step-ms D  first event time (1700000000000) and gap between events (1000)
                      --report-json FILE             write {"events", "events_per_second", ...}
                      --conf-dir DIR                 with --kafka: client settings (SASL/SSL) from its config.yaml's
                                                     gprec.kafka.properties.* (flink-conf)""";
            case "dashboard" -> """
                    usage: gprec dashboard [options]
                      serves a live web page of a running job until Ctrl-C: rolling and cumulative AUC and LogLoss,
                      events/s, model version, per-group sizes and AUC (one curve per run: GPRec and base side by side),
                      and the cosine similarities of the group embeddings of the newest model snapshot (paper Fig. 4)
                      --bootstrap-servers H:P   Kafka to read the metrics topic from (gprec.kafka.bootstrap-servers)
                      --metrics-topic T         the job's metrics topic (gprec.kafka.metrics-topic)
                      --snapshot-dir DIR        the job's model snapshots, model-<id>.gprec (gprec.trainer.snapshot-dir)
                      --bind ADDR --port N      where to listen (127.0.0.1, 8088; port 0 = any free port)
                      --history N               metrics records kept per run for browsers that connect later (20000)
                      --conf-dir DIR            config.yaml with the defaults above and the Kafka client settings
                                                (gprec.kafka.properties.*, e.g. SASL/SSL) (flink-conf)""";
            case "soak" -> """
                    usage: gprec soak (--rest URL --job ID --local-dir DIR --checkpoint-dir DIR | --from-csv FILE) [options]
                      samples a running job every --every S seconds (10) for --minutes M (30): TaskManager heap (REST
                      metrics), RocksDB's files under --local-dir (the TaskManagers' io.tmp.dirs), the checkpoint
                      directory, the latest checkpoint's duration and size; writes --csv FILE (soak.csv) and --png FILE
                      (soak.png), and calls a series flat when the median of its last third is at most --threshold
                      (0.25) above the first third's (after dropping the first --warmup share, 0.1) or within a small
                      absolute slack; exit 1 when one is not flat
                      --events-in N              then drain the committed outputs and count lost and duplicated events, and
                                                 report the last metrics record (cumulative AUC over the run)
                      --bootstrap-servers H:P    the job's Kafka (127.0.0.1:9092); --predictions-topic T, --dead-letter-topic T,
                                                 --metrics-topic T, --clicks-topic T, --group-id G (the lag), --drain-seconds S (180)
                      --conf-dir DIR             Kafka client settings (gprec.kafka.properties.*) from its config.yaml (flink-conf)
                      --report-json FILE         the verdicts and counts as JSON
                      --until-consumed N         sample until the job's group has committed N clicks (--minutes is then the
                                                 limit); plots rate, checkpoints, RocksDB, heap; reports the run's figures
                      --task-managers N          TaskManagers sharing the heap, for the per-TaskManager figures (1)
                    scripts/soak.sh starts the cluster, the job and a paced synthetic stream around it;
                    scripts/scale-run.sh a synthetic stream of a given size, sampled until consumed""";
            default -> Main.USAGE;
        };
    }
}
