package io.gprec.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gprec.data.DatasetReaders;
import io.gprec.data.SchemaFixtures;
import io.gprec.stream.event.ClickEventCodec;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's decoder comes from gprec.data.schema-file, or is MovieLens's when the key is empty. */
class DataOptionsTest {

    @TempDir
    Path dir;

    @Test
    void emptyMeansMovieLens() {
        ClickEventCodec codec = DataOptions.codec(new Configuration());
        assertThat(codec.schema()).isEqualTo(DatasetReaders.movieLensSchema());
        assertThat(codec.itemIdField()).isEqualTo("movie_id");
    }

    @Test
    void aSchemaFileGivesItsFieldsAndIdsWithoutReadingTheData() throws Exception {
        Path schema = Files.writeString(dir.resolve("s.json"), SchemaFixtures.SYNTHETIC_JSON); // no data files exist
        Configuration conf = new Configuration();
        conf.set(DataOptions.SCHEMA_FILE, schema.toString());
        ClickEventCodec codec = DataOptions.codec(conf);
        assertThat(codec.schema().fields()).extracting(f -> f.name()).containsExactly("user_id", "item_id", "u_cluster", "i_cat");
        assertThat(codec.userIdField()).isEqualTo("user_id");
        assertThat(codec.itemIdField()).isEqualTo("item_id");
        GprecJob.validate(conf); // a known key
    }

    @Test
    void aMissingSchemaFileIsOneLineNamingTheKey() {
        Configuration conf = new Configuration();
        conf.set(DataOptions.SCHEMA_FILE, dir.resolve("nope.yaml").toString());
        assertThatThrownBy(() -> DataOptions.codec(conf)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gprec.data.schema-file: schema file not found: ");
    }
}
