package io.tributary.plugin.host;

import java.nio.file.Path;

/**
 * What a plugin archive says about itself ({@code plugin.properties} or the jar manifest),
 * read without loading any of its classes.
 *
 * @param id       PF4J plugin id
 * @param version  plugin version (semantic version)
 * @param requires platform version expression, {@code *} when absent
 * @param archive  the archive it was read from
 */
public record ArchiveDescriptor(String id, String version, String requires, Path archive) {
}
