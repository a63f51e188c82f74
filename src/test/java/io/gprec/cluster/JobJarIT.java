package io.gprec.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster job jar (built in pre-integration-test) holds the job and what a Flink cluster lacks, and no Flink. */
class JobJarIT {
    private static final Path JAR = Path.of("target/gprec-stream-job.jar");

    @Test
    void holdsTheJobConnectorAndNd4jNativesButNoFlinkNorKafkaBroker() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.gprec.stream.GprecJob");
            for (String present : new String[]{"io/gprec/stream/GprecJob.class", "io/gprec/model/GprecModel.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class",
                    // gprec.data.schema-file: SchemaFile reads JSON or YAML on the JobManager
                    "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class", "org/yaml/snakeyaml/Yaml.class",
                    "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so",
                    "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0",
                    "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend"}) {
                assertThat(jar.getEntry(present)).as(present).isNotNull();
            }
            // one services file that names nd4j's CPU backend (the shade merged them instead of keeping one)
            ZipEntry backend = jar.getEntry("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend");
            assertThat(new String(jar.getInputStream(backend).readAllBytes())).contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
            var names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/runtime/")
                    || n.startsWith("org/apache/flink/streaming/api/")
                    || n.startsWith("org/apache/flink/api/common/")
                    || n.startsWith("kafka/server/") || n.startsWith("kafka/Kafka") || n.startsWith("org/apache/kafka/raft/") || n.startsWith("org/apache/kafka/metadata/")
                    || n.startsWith("scala/")
                    || n.startsWith("org/apache/logging/log4j/") || n.startsWith("org/slf4j/")
                    || n.startsWith("org/rocksdb/"));
            // nd4j and OpenBLAS natives for linux-x86_64 only
            assertThat(names).filteredOn(n -> (n.startsWith("org/nd4j/") || n.startsWith("org/bytedeco/"))
                            && (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dll") || n.endsWith(".dylib")))
                    .isNotEmpty()
                    .allMatch(n -> n.contains("/linux-x86_64/"));
        }
        assertThat(Files.size(JAR)).isLessThan(250L << 20);
    }
}
