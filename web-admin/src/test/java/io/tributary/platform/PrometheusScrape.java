package io.tributary.platform;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code /metrics} answer read by a Prometheus text-format parser we did not write (Hawkular's). */
final class PrometheusScrape {
    private final Map<String, MetricFamily> families = new HashMap<>();

    PrometheusScrape(String text) {
        var parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) {
                assertThat(families.put(f.getName(), f)).as("family %s appears once", f.getName()).isNull();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean has(String family) {
        return families.containsKey(family);
    }

    List<String> names() {
        return List.copyOf(families.keySet());
    }

    /**
     * The value of the one counter or gauge sample of {@code family} whose labels include
     * {@code labels} (name, value, name, value...); 0 when the family has no such sample.
     */
    double value(String family, String... labels) {
        Metric m = find(family, labels);
        if (m == null) {
            return 0;
        }
        if (m instanceof Counter c) {
            return c.getValue();
        }
        return ((Gauge) m).getValue();
    }

    /** The histogram sample of {@code family} with {@code labels}. */
    Histogram histogram(String family, String... labels) {
        Metric m = find(family, labels);
        assertThat(m).as("histogram %s", family).isInstanceOf(Histogram.class);
        return (Histogram) m;
    }

    private Metric find(String family, String... labels) {
        MetricFamily f = families.get(family);
        assertThat(f).as("family %s in %s", family, families.keySet()).isNotNull();
        Metric found = null;
        for (Metric m : f.getMetrics()) {
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labels[i + 1].equals(m.getLabels().get(labels[i]));
            }
            if (matches) {
                assertThat(found).as("one sample of %s with %s", family, List.of(labels)).isNull();
                found = m;
            }
        }
        return found;
    }
}
