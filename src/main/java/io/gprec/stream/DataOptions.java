package io.gprec.stream;

import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetException;
import io.gprec.data.SchemaFile;
import io.gprec.stream.event.ClickCodecLimits;
import io.gprec.stream.event.ClickEventCodec;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;

/** Which dataset schema the job decodes clicks with: keys mirrored in flink-conf/config.yaml. */
public final class DataOptions {
    private DataOptions() {}

    public static final ConfigOption<String> SCHEMA_FILE = ConfigOptions.key("gprec.data.schema-file")
            .stringType().defaultValue("")
            .withDescription("Schema file (JSON/YAML, docs/DATASETS.md) of a generic dataset replayed with "
                    + "'gprec replay --schema'; empty = the MovieLens schema (user_id, ..., movie_id, genres, year).");

    /**
     * The click codec the job validates with: the schema file's fields and user/item fields, or MovieLens when
     * the key is empty. Only the schema file itself is read (on the client), not its data files.
     *
     * @throws IllegalArgumentException naming the key when the file is missing or invalid
     */
    public static ClickEventCodec codec(Configuration conf) {
        String file = conf.get(SCHEMA_FILE).trim();
        if (file.isEmpty()) {
            return ClickEventCodec.movieLens(DatasetReaders.movieLensSchema());
        }
        try {
            return codec(SchemaFile.load(Path.of(file), null));
        } catch (DatasetException e) {
            throw new IllegalArgumentException(SCHEMA_FILE.key() + ": " + e.getMessage(), e);
        }
    }

    /** The codec of a generic dataset: its schema, its user and item fields, default limits. */
    public static ClickEventCodec codec(SchemaFile schema) {
        return new ClickEventCodec(schema.datasetSchema(), schema.userField(), schema.itemField(), ClickCodecLimits.defaults());
    }
}
