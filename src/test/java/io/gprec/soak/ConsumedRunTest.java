package io.gprec.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The figures and the plot of a run sampled until its stream was consumed, from hand-made samples. */
class ConsumedRunTest {
    private static final long MIB = 1 << 20;

    /** Sample i at 10 i s: nothing committed until 20 s, then 1,000 events/s committed once per checkpoint (every 10 s). */
    static List<SoakSample> run(int n) {
        List<SoakSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long consumed = i < 2 ? 0 : (i - 1) * 10_000L;
            long checkpoint = i < 2 ? 0 : i - 1;
            out.add(new SoakSample(i * 10.0, (200 + 10 * i) * MIB, i * MIB, 3 * i * MIB, checkpoint, checkpoint == 0 ? 0 : 1000 + 100 * i,
                    checkpoint * 2 * MIB, checkpoint == 0 ? 0 : MIB / 2, 0, 100_000 - consumed, consumed));
        }
        return out;
    }

    @Test
    void theRateCountsFromTheFirstSampleOverallAndFromTheFirstCommitSteady() {
        List<SoakSample> s = run(11); // 90,000 consumed at 100 s
        Map<String, Object> m = ConsumedRun.summary(s, 90_000, 2);
        assertThat(m.get("events_consumed")).isEqualTo(90_000L);
        assertThat((Double) m.get("events_per_second_overall")).isCloseTo(900.0, within(1e-9));
        // first commit at 20 s (10,000), last at 100 s (90,000): 80,000 in 80 s
        assertThat((Double) m.get("events_per_second_steady")).isCloseTo(1000.0, within(1e-9));
        assertThat(m.get("checkpoints_seen")).isEqualTo(9);
        assertThat(m.get("checkpoint_duration_ms_max")).isEqualTo(2000L);
        assertThat((Double) m.get("checkpoint_duration_ms_median")).isCloseTo(1600.0, within(1e-9));
        assertThat(m.get("checkpointed_bytes_max")).isEqualTo(MIB / 2);
        assertThat(m.get("checkpoint_state_bytes_last")).isEqualTo(18 * MIB);
        assertThat(m.get("heap_used_bytes_max_per_task_manager_average")).isEqualTo(150 * MIB);
        assertThat(m.get("rocksdb_bytes_max")).isEqualTo(10 * MIB);
    }

    @Test
    void windowRatesSpanTheTrailingWindow() {
        double[] r = ConsumedRun.windowRates(run(11), 60);
        assertThat(r[0]).isZero();
        assertThat(r[1]).isZero();                                  // nothing committed yet
        assertThat(r[10]).isCloseTo(60_000 / 60.0, within(1e-9));   // 40 s -> 100 s: 30,000 -> 90,000
        assertThat(r[3]).isCloseTo(20_000 / 30.0, within(1e-9));    // 0 s -> 30 s: 0 -> 20,000 (no earlier sample)
    }

    @Test
    void unknownCountsGiveNoRate() {
        List<SoakSample> s = List.of(new SoakSample(0, 1, 1, 1, 0, 0, 0, 0, 0, -1), new SoakSample(10, 1, 1, 1, 0, 0, 0, 0, 0, -1));
        assertThat(ConsumedRun.windowRates(s, 60)).containsExactly(0.0, 0.0);
    }

    @Test
    void theOlderTenColumnCsvStillReadsWithTheCountUnknown() {
        SoakSample s = run(5).get(4);
        String old = s.csvLine().substring(0, s.csvLine().lastIndexOf(','));
        List<SoakSample> back = SoakSample.parseCsv(List.of(SoakSample.CSV_HEADER_V1, old));
        assertThat(back.get(0).eventsConsumed()).isEqualTo(-1);
        assertThat(back.get(0).heapUsedBytes()).isEqualTo(s.heapUsedBytes());
        assertThat(SoakSample.parseCsv(List.of(SoakSample.CSV_HEADER, s.csvLine()))).containsExactly(s);
    }

    @Test
    void thePlotHasOnePanelPerSeries(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("run.png");
        List<SoakPlot.Panel> panels = ConsumedRun.panels(run(11), 2);
        SoakPlot.writePanels(run(11), panels, png);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getHeight()).isEqualTo(panels.size() * SoakPlot.PANEL_HEIGHT);
        assertThat(panels.get(0).values()).hasSize(11);
        assertThat(Files.size(png)).isPositive();
    }
}
