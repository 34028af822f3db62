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
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * One PNG for the matrix: above, goodput of every contender at every heap size (a cross where the JVM died of
 * OutOfMemoryError); below, the heap after each collection over time for every contender at one heap size, with
 * the ramp, plateau, burst and silence marked.
 */
final class OverloadChart {

    private static final int WIDTH = 1200;

    private static final int PANEL = 400;

    private static final int MARGIN = 70;

    private static final Color[] COLORS = { new Color(127, 127, 127), new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(148, 103, 189), new Color(44, 160, 44) };

    private OverloadChart() {
    }

    static void write(List<MatrixRun> runs, LoadPlan plan, int traceHeapMiB, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, PANEL * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, PANEL * 2);
        List<String> contenders = runs.stream().map(MatrixRun::contender).distinct().toList();
        goodput(g, runs, contenders);
        trace(g, runs.stream().filter(run -> run.heapMiB() == traceHeapMiB).toList(), contenders, plan, traceHeapMiB);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void goodput(Graphics2D g, List<MatrixRun> runs, List<String> contenders) {
        List<Integer> heaps = runs.stream().map(MatrixRun::heapMiB).distinct().sorted().toList();
        double max = Math.max(1, runs.stream().mapToDouble(MatrixRun::goodputPerSecond).max().orElse(1));
        int top = 60;
        int bottom = PANEL - 50;
        axes(g, "Goodput (successful requests per second of load); X = died of OutOfMemoryError", top, bottom, max,
                "%.0f");
        int groupWidth = (WIDTH - 2 * MARGIN) / heaps.size();
        int barWidth = (groupWidth - 40) / contenders.size();
        for (int h = 0; h < heaps.size(); h++) {
            int groupLeft = MARGIN + h * groupWidth + 20;
            g.setColor(Color.BLACK);
            g.drawString("-Xmx" + heaps.get(h) + "m", groupLeft + groupWidth / 2 - 40, bottom + 18);
            for (int c = 0; c < contenders.size(); c++) {
                int heap = heaps.get(h);
                String contender = contenders.get(c);
                MatrixRun run = runs.stream().filter(r -> r.heapMiB() == heap && r.contender().equals(contender))
                    .findFirst().orElse(null);
                if (run == null) {
                    continue;
                }
                int x = groupLeft + c * barWidth;
                int height = (int) ((bottom - top) * run.goodputPerSecond() / max);
                g.setColor(COLORS[c % COLORS.length]);
                g.fillRect(x + 2, bottom - height, barWidth - 4, height);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%.1f", run.goodputPerSecond());
                g.drawString(label, x + 4, bottom - height - 4);
                if (run.oom()) {
                    g.setColor(Color.RED);
                    g.setStroke(new BasicStroke(3f));
                    int cy = bottom - height - 24;
                    g.drawLine(x + barWidth / 2 - 8, cy - 8, x + barWidth / 2 + 8, cy + 8);
                    g.drawLine(x + barWidth / 2 - 8, cy + 8, x + barWidth / 2 + 8, cy - 8);
                    g.setStroke(new BasicStroke(1f));
                }
            }
        }
        legend(g, contenders, 42);
    }

    private static void trace(Graphics2D g, List<MatrixRun> runs, List<String> contenders, LoadPlan plan,
            int heapMiB) {
        int top = PANEL + 60;
        int bottom = 2 * PANEL - 50;
        double seconds = plan.loadDuration().plus(plan.recoveryLimit()).toSeconds();
        axes(g, "Heap after each collection (MiB) at -Xmx" + heapMiB + "m; ramp | plateau | burst | silence", top,
                bottom, heapMiB, "%.0f");
        int left = MARGIN;
        int right = WIDTH - MARGIN;
        double[] marks = { plan.ramp().toSeconds(), plan.ramp().plus(plan.plateau()).toSeconds(),
                plan.loadDuration().toSeconds() };
        g.setColor(Color.GRAY);
        for (double mark : marks) {
            int x = left + (int) ((right - left) * mark / seconds);
            g.drawLine(x, top, x, bottom);
        }
        g.setColor(Color.BLACK);
        for (int s = 0; s <= seconds; s += 5) {
            g.drawString(s + " s", left + (int) ((right - left) * s / seconds) - 8, bottom + 16);
        }
        for (MatrixRun run : runs) {
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            for (double[] point : run.heapAfterGc()) {
                if (point[0] < 0 || point[0] > seconds) {
                    continue;
                }
                double x = left + (right - left) * point[0] / seconds;
                double y = bottom - (bottom - top) * Math.min(1, point[1] / heapMiB);
                if (started) {
                    path.lineTo(x, y);
                }
                else {
                    path.moveTo(x, y);
                    started = true;
                }
            }
            g.setColor(COLORS[contenders.indexOf(run.contender()) % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
        }
        legend(g, contenders, PANEL + 42);
    }

    private static void axes(Graphics2D g, String title, int top, int bottom, double max, String format) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, top - 38);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(MARGIN, y, WIDTH - MARGIN, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, format, max * i / 4), MARGIN - 40, y + 4);
        }
        g.drawRect(MARGIN, top, WIDTH - 2 * MARGIN, bottom - top);
    }

    private static void legend(Graphics2D g, List<String> contenders, int y) {
        int x = MARGIN;
        for (int c = 0; c < contenders.size(); c++) {
            g.setColor(COLORS[c % COLORS.length]);
            g.fillRect(x, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(contenders.get(c), x + 18, y);
            x += 150;
        }
    }
}
