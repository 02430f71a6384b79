package io.tributary.bench.report;

import io.tributary.bench.load.LoadResult;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** PNG charts with JFreeChart: latency by percentile and throughput over time, one line per target. */
public final class Charts {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Latency against percentile on a "number of nines" axis (x = 1/(1-p): 10 = p90, 100 = p99,
     * 1000 = p99.9), the usual HdrHistogram plot.
     */
    public static Path latency(Path file, String title, List<LoadResult> results) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (LoadResult r : results) {
            Histogram h = r.histogram();
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(r.target(), false, true);
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p >= 100.0) {
                    break;
                }
                s.add(1.0 / (1.0 - p / 100.0), v.getValueIteratedTo() / 1000.0);
            }
            s.add(1.0 / (1.0 - 0.99999), h.getMaxValue() / 1000.0);
            data.addSeries(s);
        }
        LogAxis x = new LogAxis("percentile (10 = p90, 100 = p99, 1000 = p99.9)");
        x.setBase(10);
        x.setSmallestValue(1);
        x.setLowerBound(1);
        x.setUpperBound(100_000);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("latency (ms)");
        return write(file, title, data, x, y);
    }

    /** Messages/s received each second, warm-up included (marked in the subtitle). */
    public static Path throughput(Path file, String title, List<LoadResult> results) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        int warmup = 0;
        for (LoadResult r : results) {
            XYSeries s = new XYSeries(r.target() + " (out)", false, true);
            List<Long> out = r.outSeries();
            for (int i = 0; i < out.size(); i++) {
                s.add(i + 1, out.get(i));
            }
            data.addSeries(s);
            warmup = r.warmupSec();
        }
        NumberAxis x = new NumberAxis("seconds (first " + warmup + " s warm-up)");
        NumberAxis y = new NumberAxis("messages/s received");
        return write(file, title, data, x, y);
    }

    /** A bar-like line chart of named values (e.g. idle connections: KiB per connection). */
    public static Path series(Path file, String title, String xLabel, String yLabel, List<XYSeries> series) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        return write(file, title, data, new NumberAxis(xLabel), new NumberAxis(yLabel));
    }

    private static Path write(Path file, String title, XYSeriesCollection data,
                              org.jfree.chart.axis.ValueAxis x, NumberAxis y) throws IOException {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle("load average at end: " + Env.loadAverage(),
                new Font(Font.SANS_SERIF, Font.PLAIN, 10)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        return file;
    }
}
