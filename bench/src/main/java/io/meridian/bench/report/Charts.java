package io.meridian.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PNG line charts (XChart) of median seconds against a varied parameter, one series per runner. */
public final class Charts {

    private Charts() {
    }

    /**
     * @param series runner → points (x, median seconds); runners without points are left out
     */
    public static Path line(Path file, String title, String xTitle, Map<String, List<double[]>> series) {
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle)
                .yAxisTitle("seconds (median)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        series.forEach((name, points) -> {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            points.stream().filter(p -> !Double.isNaN(p[1])).forEach(p -> {
                xs.add(p[0]);
                ys.add(p[1]);
            });
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(name, xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String base = file.toString().replaceAll("\\.png$", "");
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
            return Path.of(base + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }
}
