package io.tributary.plugin.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds plugin archives in the plugins directory and unpacks them into the host's work
 * directory. The plugins directory itself is never written: PF4J would otherwise expand
 * {@code foo.zip} next to it into {@code foo/}, which can clash with a source folder there.
 */
final class PluginArchives {
    private PluginArchives() {
    }

    /** Plugin archives ({@code *.zip}, {@code *.jar}) directly in {@code dir}, by file name. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(PluginArchives::isArchive)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    static boolean isArchive(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".zip") || name.endsWith(".jar"));
    }

    static boolean isZip(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /**
     * Copies {@code archive} into a new directory under {@code workDir}: a zip is expanded into
     * it, a jar copied as is. Returns what PF4J should load (the directory or the jar copy).
     */
    static Path unpack(Path archive, Path workDir) throws IOException {
        String name = archive.getFileName().toString();
        Path target = freshDirectory(workDir, name.substring(0, name.lastIndexOf('.')));
        try {
            if (isZip(archive)) {
                unzip(archive, target);
                return target;
            }
            return Files.copy(archive, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteTree(target);
            throw e;
        }
    }

    private static Path freshDirectory(Path workDir, String base) throws IOException {
        Path dir = workDir.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = workDir.resolve(base + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        // ZipFile reads the central directory, so a truncated or corrupt archive fails here
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("Entry '" + entry.getName() + "' would be written outside the plugin directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes {@code dir} and everything below it; best effort. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover file in a temp directory is harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
