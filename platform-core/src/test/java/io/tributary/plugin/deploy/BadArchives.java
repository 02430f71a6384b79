package io.tributary.plugin.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Plugin archives that must be refused, built in code. */
final class BadArchives {
    private BadArchives() {
    }

    /** A zip with exactly these entries (name → text). */
    static Path zip(Path target, Map<String, String> entries) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return target;
    }

    /** A descriptor as {@code plugin.properties} text. */
    static String descriptor(String id, String version) {
        return "plugin.id=" + id + "\nplugin.version=" + version + "\n";
    }

    /** A copy of {@code zip} without the entries whose names start with {@code prefix}. */
    static Path without(Path zip, String prefix, Path target) throws IOException {
        Map<String, byte[]> kept = new LinkedHashMap<>();
        try (ZipFile in = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (!e.getName().startsWith(prefix)) {
                    kept.put(e.getName(), in.getInputStream(e).readAllBytes());
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : kept.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return target;
    }

    /** The first {@code bytes} bytes of {@code file}: a copy interrupted half-way. */
    static Path truncated(Path file, int bytes, Path target) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(target, java.util.Arrays.copyOf(all, Math.min(bytes, all.length)));
        return target;
    }
}
