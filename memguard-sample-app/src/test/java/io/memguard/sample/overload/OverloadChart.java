package io.memguard.sample.overload;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * Draws the timelines of the unguarded and the guarded run, one above the other, on the same scales: heap
 * occupancy, memguard's level and acknowledged chunks per second.
 */
final class OverloadChart {

    private static final int WIDTH = 1200;

    private static final int PANEL_HEIGHT = 380;

    private static final int MARGIN = 70;

    private static final Color HEAP = new Color(31, 119, 180);

    private static final Color LEVEL = new Color(214, 39, 40);

    private static final Color THROUGHPUT = new Color(44, 160, 44);

    private OverloadChart() {
    }

    static void write(OverloadResult unguarded, OverloadResult guarded, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double seconds = Math.max(lastSecond(unguarded), lastSecond(guarded));
        double maxThroughput = Math.max(1, Math.max(max(unguarded, TimelineSample::acceptedPerSecond),
                max(guarded, TimelineSample::acceptedPerSecond)));
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, PANEL_HEIGHT * 2);
        panel(g, 0, "Without memguard: " + verdict(unguarded), unguarded, seconds, maxThroughput);
        panel(g, PANEL_HEIGHT, "With memguard: " + verdict(guarded), guarded, seconds, maxThroughput);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static String verdict(OverloadResult result) {
        return (result.oom() ? "died of OutOfMemoryError" : "survived") + " - accepted " + result.accepted()
                + ", shed " + result.shed() + ", rejected " + result.rejected() + ", evicted " + result.evicted()
                + ", lost " + result.lost();
    }

    private static void panel(Graphics2D g, int top, String title, OverloadResult result, double seconds,
            double maxThroughput) {
        int left = MARGIN;
        int right = WIDTH - MARGIN;
        int plotTop = top + 55;
        int plotBottom = top + PANEL_HEIGHT - 45;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, top + 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(230, 230, 230));
        for (int i = 0; i <= 4; i++) {
            int y = plotBottom - (plotBottom - plotTop) * i / 4;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, plotTop, right - left, plotBottom - plotTop);
        for (int i = 0; i <= 4; i++) {
            int y = plotBottom - (plotBottom - plotTop) * i / 4;
            g.drawString((i * 25) + "%", left - 40, y + 4);
            g.drawString(String.valueOf(Math.round(maxThroughput * i / 4)), right + 6, y + 4);
        }
        for (int s = 0; s <= (int) seconds; s += Math.max(1, (int) Math.ceil(seconds / 10))) {
            int x = left + (int) ((right - left) * s / Math.max(1e-9, seconds));
            g.drawString(s + " s", x - 8, plotBottom + 16);
        }
        g.drawString("heap occupancy / level (NONE=0% ... CRITICAL=100%)", left, plotBottom + 34);
        g.drawString("chunks acknowledged per second", right - 200, plotBottom + 34);
        line(g, result.timeline(), seconds, left, right, plotTop, plotBottom, HEAP, TimelineSample::heapOccupancy, 1);
        line(g, result.timeline(), seconds, left, right, plotTop, plotBottom, LEVEL, sample -> sample.level() / 4.0, 1);
        line(g, result.timeline(), seconds, left, right, plotTop, plotBottom, THROUGHPUT,
                TimelineSample::acceptedPerSecond, maxThroughput);
        legend(g, left, top + 45);
    }

    private static void legend(Graphics2D g, int x, int y) {
        Object[][] entries = { { HEAP, "heap occupancy" }, { LEVEL, "memguard level" }, { THROUGHPUT, "throughput" } };
        for (Object[] entry : entries) {
            g.setColor((Color) entry[0]);
            g.fillRect(x, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString((String) entry[1], x + 18, y);
            x += 140;
        }
    }

    private static void line(Graphics2D g, List<TimelineSample> timeline, double seconds, int left, int right, int top,
            int bottom, Color color, ToDoubleFunction<TimelineSample> value, double scale) {
        Path2D.Double path = new Path2D.Double();
        boolean drawing = false;
        for (TimelineSample sample : timeline) {
            double v = value.applyAsDouble(sample);
            if (v < 0) {
                drawing = false; // the app did not answer, or memguard is off: leave a gap
                continue;
            }
            double x = left + (right - left) * sample.seconds() / Math.max(1e-9, seconds);
            double y = bottom - (bottom - top) * Math.min(1, v / scale);
            if (drawing) {
                path.lineTo(x, y);
            }
            else {
                path.moveTo(x, y);
                drawing = true;
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static double lastSecond(OverloadResult result) {
        return result.timeline().isEmpty() ? 1 : result.timeline().get(result.timeline().size() - 1).seconds();
    }

    private static double max(OverloadResult result, ToDoubleFunction<TimelineSample> value) {
        return result.timeline().stream().mapToDouble(value).max().orElse(0);
    }
}
