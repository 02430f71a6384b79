package io.tributary.admin.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Tributary metric name the READMEs and docs mention is one that is exported (listed in
 * {@code docs/metrics-names.txt}), so an operator never copies a name into an alert that does
 * not exist. Plugin meters ({@code tributary_plugin_*}) are the plugins' own.
 */
class MetricNamesDocsTest {
    private static final Pattern NAME = Pattern.compile("\\b(tributary_(?:mqtt|integration)_[a-z0-9_]*[a-z0-9])\\b(?!\\*)");
    private static final Path[] DOCS = {Path.of("..", "README.md"), Path.of("README.md"),
            Path.of("..", "docs", "prometheus", "prometheus.yml")};

    @Test
    void everyMetricNameTheDocsMentionIsExported() throws IOException {
        KnownMetricNames known = KnownMetricNames.load();
        Set<String> unknown = new TreeSet<>();
        for (Path doc : DOCS) {
            Matcher m = NAME.matcher(Files.readString(doc));
            while (m.find()) {
                if (!known.known(m.group(1))) {
                    unknown.add(m.group(1) + " (" + doc + ")");
                }
            }
        }
        assertThat(unknown).as("names not in " + KnownMetricNames.FILE).isEmpty();
    }
}
