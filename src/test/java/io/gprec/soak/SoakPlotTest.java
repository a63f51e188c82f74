package io.gprec.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoakPlotTest {
    @Test
    void writesOnePanelPerSeriesWithTheCurveInIt(@TempDir Path dir) throws Exception {
        List<SoakSample> samples = FlatVerdictTest.soak(i -> 200 + (i % 6) * 100);
        Path png = dir.resolve("sub/soak.png");
        SoakPlot.write(samples, FlatVerdict.judge(samples, 0.25, 0.1), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(SoakPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(SoakPlot.PANEL_HEIGHT * SoakPlot.PLOTTED.size());
        for (int panel = 0; panel < SoakPlot.PLOTTED.size(); panel++) {
            assertThat(curvePixels(image, panel)).as("curve pixels in panel " + panel).isGreaterThan(200);
        }
    }

    @Test
    void theCsvRoundTrips() {
        List<SoakSample> samples = FlatVerdictTest.soak(i -> 300);
        List<String> lines = new java.util.ArrayList<>();
        lines.add(SoakSample.CSV_HEADER);
        samples.forEach(s -> lines.add(s.csvLine()));
        assertThat(SoakSample.parseCsv(lines)).isEqualTo(samples);
        assertThatThrownBy(() -> SoakSample.parseCsv(List.of("a,b"))).hasMessageContaining("not a soak CSV");
        assertThatThrownBy(() -> SoakSample.parse("1,2,3")).hasMessageContaining("expected 11 columns");
    }

    @Test
    void niceCeiling() {
        assertThat(SoakPlot.niceCeiling(0.7)).isEqualTo(1.0);
        assertThat(SoakPlot.niceCeiling(130)).isEqualTo(200);
        assertThat(SoakPlot.niceCeiling(501)).isEqualTo(1000);
    }

    @Test
    void directorySizeCountsRocksDbFilesOnly(@TempDir Path dir) throws Exception {
        Path db = Files.createDirectories(dir.resolve("tm_1/job_x_op_y/db"));
        Files.write(db.resolve("000001.sst"), new byte[1000]);
        Files.write(dir.resolve("tm_1/blob"), new byte[500]);
        assertThat(DirectorySize.rocksDb(dir)).isEqualTo(1000);
        assertThat(DirectorySize.of(dir)).isEqualTo(1500);
        assertThat(DirectorySize.of(dir.resolve("missing"))).isZero();
    }

    /** Pixels of the curve's colour inside a panel's plot area. */
    private static int curvePixels(BufferedImage image, int panel) {
        int n = 0;
        for (int y = panel * SoakPlot.PANEL_HEIGHT; y < (panel + 1) * SoakPlot.PANEL_HEIGHT; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (b > 150 && r < 120 && g < 160) n++;
            }
        }
        return n;
    }
}
