package dev.taskcast.server.observability;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /metrics} (Prometheus text format) as a map from series to value. A series is
 * written {@code name{label="value",…}} with its labels sorted and Helidon's {@code scope} label
 * left out, e.g. {@code taskcast_tasks_transitioned_total{status="running"}}.
 */
record PrometheusText(Map<String, Double> series, String raw) {
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PrometheusText parse(String text) {
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space).trim();
            double value = Double.parseDouble(line.substring(space + 1).trim());
            series.put(normalize(key), value);
        }
        return new PrometheusText(series, text);
    }

    private static String normalize(String key) {
        int brace = key.indexOf('{');
        if (brace < 0) {
            return key;
        }
        Map<String, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(key.substring(brace));
        while (m.find()) {
            if (!m.group(1).equals("scope")) {
                labels.put(m.group(1), m.group(2));
            }
        }
        StringBuilder sb = new StringBuilder(key.substring(0, brace));
        if (!labels.isEmpty()) {
            sb.append('{');
            labels.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
            sb.setLength(sb.length() - 1);
            sb.append('}');
        }
        return sb.toString();
    }

    /** The value of {@code seriesKey}, 0 when absent. */
    double value(String seriesKey) {
        return series.getOrDefault(seriesKey, 0.0);
    }

    boolean has(String seriesKey) {
        return series.containsKey(seriesKey);
    }

    /** Whether any series of metric {@code name} exists. */
    boolean hasMetric(String name) {
        return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }
}
