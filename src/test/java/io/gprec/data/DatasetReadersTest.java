package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests layout detection and directory errors of {@link DatasetReaders}. */
class DatasetReadersTest {

    @TempDir
    Path dir;

    @Test
    void detects100k() {
        Fixtures.ml100k(dir);
        assertThat(DatasetReaders.read(dir).name()).isEqualTo("ml-100k");
    }

    @Test
    void detects1m() {
        Fixtures.ml1m(dir);
        assertThat(DatasetReaders.read(dir).name()).isEqualTo("ml-1m");
    }

    @Test
    void bothLayoutsShareOneSchema() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        a.toFile().mkdir();
        b.toFile().mkdir();
        Fixtures.ml100k(a);
        Fixtures.ml1m(b);
        assertThat(DatasetReaders.read(a).schema()).isEqualTo(DatasetReaders.read(b).schema());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> DatasetReaders.read(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessage("data directory not found: " + missing);
    }

    @Test
    void aFileIsNotADataDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> DatasetReaders.read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessage("data directory not found: " + file);
    }

    @Test
    void directoryWithoutMovieLensFilesIsExplained() {
        assertThatThrownBy(() -> DatasetReaders.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessage("no MovieLens dataset in " + dir
                        + ": expected u.data (MovieLens 100K) or ratings.dat (MovieLens 1M)");
    }
}
