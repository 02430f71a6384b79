package io.tributary.admin.dashboard;

import io.tributary.admin.docs.KnownMetricNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters the admin dashboard reads by name are those listed in {@code docs/metrics-names.txt}. */
class MeterNamesTest {
    @Test
    void everyMeterTheDashboardReadsIsAKnownMetricName() {
        KnownMetricNames known = KnownMetricNames.load();
        for (String micrometer : MeterNames.ALL) {
            String prometheus = micrometer.replace('.', '_');
            assertThat(known.known(prometheus) || known.known(prometheus + "_total"))
                    .as(micrometer + " (" + prometheus + ") is not in " + KnownMetricNames.FILE).isTrue();
        }
    }
}
