package com.example.tributary.log;

import io.tributary.plugin.testkit.PluginTestKit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zip has the layout the platform loads: descriptor at the root, classes/ with the extension
 * index, lib/. Names come from the pom (failsafe passes plugin.id) and from the classes, so
 * renaming the project or its classes needs no change here.
 */
class PluginZipIT {

    @Test
    void theZipHasThePluginLayout() throws IOException {
        Path zip = PluginTestKit.builtZip();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();

            Properties descriptor = new Properties();
            descriptor.load(new StringReader(read(file, "plugin.properties")));
            assertThat(descriptor.getProperty("plugin.id")).isEqualTo(System.getProperty("plugin.id")).isNotBlank();
            assertThat(descriptor.getProperty("plugin.version")).isNotBlank().doesNotContain("${");
            assertThat(descriptor.getProperty("plugin.requires")).isEqualTo(">=0.1.0");

            assertThat(read(file, "classes/META-INF/extensions.idx")).contains(LogIntegrationPlugin.class.getName());
            assertThat(names).contains("classes/" + LogIntegration.class.getName().replace('.', '/') + ".class");
            assertThat(names).filteredOn(n -> n.startsWith("lib/"))
                    .as("the platform shares these: a copy in lib/ breaks logging or typing")
                    .noneMatch(n -> n.contains("slf4j") || n.contains("pf4j") || n.contains("plugin-api"));
            assertThat(names).noneMatch(n -> n.endsWith("Test.class") || n.endsWith("IT.class"));
        }
    }

    private static String read(ZipFile file, String name) throws IOException {
        ZipEntry entry = file.getEntry(name);
        assertThat(entry).as(name + " in the zip").isNotNull();
        return new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
}
