import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates one-partition topics on a broker (kafka_2.13 4.x has no TopicCommand; kafka-tools is not a
 * project dependency). Run as a source file by scripts/cluster-local.sh:
 * {@code java -cp CLASSPATH CreateTopics.java BOOTSTRAP T1,T2,...}. Existing topics are kept.
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CreateTopics BOOTSTRAP TOPIC[,TOPIC...]");
            System.exit(2);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            for (String topic : args[1].split(",")) {
                if (topic.isBlank()) continue;
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(topic.trim(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        System.err.println("cannot create topic " + topic + ": " + e.getCause().getMessage());
                        System.exit(1);
                    }
                }
            }
        }
    }
}
