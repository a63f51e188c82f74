package io.gprec.soak;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the soak's series over time as a PNG with plain AWT: one panel per series (heap, RocksDB on disk,
 * checkpoint duration), x in minutes, the first and last third's medians as dashed lines and the verdict in the
 * panel's title.
 */
public final class SoakPlot {
    static final List<Series> PLOTTED = List.of(Series.HEAP, Series.ROCKSDB, Series.CHECKPOINT_DURATION);
    static final int WIDTH = 1000, PANEL_HEIGHT = 250;
    private static final int LEFT = 80, RIGHT = 20, TOP = 30, BOTTOM = 40;
    private static final Color LINE = new Color(0x1f, 0x77, 0xb4), GUIDE = new Color(0xd6, 0x27, 0x28), GRID = new Color(0xe0, 0xe0, 0xe0);

    private SoakPlot() {}

    /** One panel of a plot that is no soak verdict (e.g. a scale run's rate): values per sample, in {@code unit}. */
    public record Panel(String title, String unit, double[] values) {}

    /** Writes the PNG; verdicts are those of {@link FlatVerdict#judge}, one per series (may be empty: no verdict lines). */
    public static void write(List<SoakSample> samples, List<FlatVerdict.Result> verdicts, Path png) throws IOException {
        save(render(samples, verdicts), png);
    }

    /** Writes a PNG of the given panels over the samples' time, one under the other, without verdicts. */
    public static void writePanels(List<SoakSample> samples, List<Panel> panels, Path png) throws IOException {
        save(canvas(panels.size(), (g, i) -> {
            Panel p = panels.get(i);
            panel(g, samples, p.title(), p.unit(), p.values(), null, i * PANEL_HEIGHT);
        }), png);
    }

    private static void save(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer");
    }

    static BufferedImage render(List<SoakSample> samples, List<FlatVerdict.Result> verdicts) {
        return canvas(PLOTTED.size(), (g, i) -> {
            Series s = PLOTTED.get(i);
            FlatVerdict.Result v = verdicts.stream().filter(r -> r.series() == s).findFirst().orElse(null);
            panel(g, samples, s.title, s.unit, s.values(samples), v, i * PANEL_HEIGHT);
        });
    }

    private interface PanelDrawer {
        void draw(Graphics2D g, int index);
    }

    /** A white image of {@code panels} panels, each drawn by {@code drawer}. */
    private static BufferedImage canvas(int panels, PanelDrawer drawer) {
        System.setProperty("java.awt.headless", "true"); // the soak runs on servers without a display
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels; i++) drawer.draw(g, i);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, List<SoakSample> samples, String seriesTitle, String unit, double[] v,
                              FlatVerdict.Result verdict, int y0) {
        double[] t = samples.stream().mapToDouble(x -> x.seconds() / 60).toArray();
        double tMax = Math.max(1e-9, t.length == 0 ? 1 : t[t.length - 1]);
        double vMax = 0;
        for (double x : v) vMax = Math.max(vMax, x);
        vMax = niceCeiling(vMax <= 0 ? 1 : vMax * 1.1);
        int w = WIDTH - LEFT - RIGHT, h = PANEL_HEIGHT - TOP - BOTTOM, x0 = LEFT, yb = y0 + TOP + h;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) { // y grid and labels
            int y = yb - k * h / 4;
            g.setColor(GRID);
            g.drawLine(x0, y, x0 + w, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, vMax >= 100 ? "%.0f" : "%.1f", vMax * k / 4);
            g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        int ticks = (int) Math.min(10, Math.max(1, Math.floor(tMax)));
        for (int k = 0; k <= ticks; k++) { // x labels, minutes
            double m = tMax * k / ticks;
            int x = x0 + (int) Math.round(w * m / tMax);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, tMax >= 10 ? "%.0f" : "%.1f", m);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, yb + 15);
        }
        g.drawString("minutes", x0 + w / 2 - 20, yb + 32);
        g.drawString(unit, 8, y0 + TOP + h / 2);
        g.drawRect(x0, y0 + TOP, w, h);

        g.setColor(LINE);
        g.setStroke(new BasicStroke(1.5f));
        for (int i = 1; i < t.length; i++) {
            g.drawLine(x0 + (int) (w * t[i - 1] / tMax), yb - (int) (h * v[i - 1] / vMax), x0 + (int) (w * t[i] / tMax), yb - (int) (h * v[i] / vMax));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        String title = seriesTitle + " (" + unit + ")";
        if (verdict != null) {
            g.setColor(GUIDE);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            for (double m : new double[]{verdict.firstThird(), verdict.lastThird()}) {
                int y = yb - (int) (h * m / vMax);
                g.drawLine(x0, y, x0 + w, y);
            }
            g.setColor(verdict.flat() ? new Color(0x2c, 0xa0, 0x2c) : GUIDE);
            title += String.format(Locale.ROOT, ": median of first third %.1f, last third %.1f (%+.1f %%) - %s", verdict.firstThird(),
                    verdict.lastThird(), 100 * verdict.growth(), verdict.flat() ? "flat" : "NOT flat");
        }
        g.drawString(title, x0, y0 + TOP - 10);
        g.setStroke(new BasicStroke(1f));
    }

    /** 1, 2 or 5 times a power of ten, at least v. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= v) return m * p;
        return 10 * p;
    }
}
