package io.tributary.plugin.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a PF4J plugin zip (or jar) from Java sources given as strings: {@code plugin.properties},
 * {@code classes/} (with {@code META-INF/extensions.idx} written by PF4J's annotation
 * processor) and {@code lib/*.jar} compiled from further sources. Sources compile against the
 * test class path, so they can use the plugin API, PF4J, SLF4J and test helpers such as
 * {@link TestPluginProbe}; libraries are placed before it, so a plugin can be compiled against
 * its own version of a class the host also has.
 *
 * <pre>{@code
 * Path zip = PluginZipBuilder.plugin("hello")
 *     .source("com.example.Hello", "package com.example; ... @org.pf4j.Extension public class Hello ...")
 *     .lib("helper.jar", Map.of("com.example.lib.Helper", "..."))
 *     .buildZip(tempDir);
 * }</pre>
 */
public final class PluginZipBuilder {
    private final String pluginId;
    private String version = "1.0.0";
    private String pluginClass;
    private String requires;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> libs = new LinkedHashMap<>();

    private PluginZipBuilder(String pluginId) {
        this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    }

    /** A builder for the plugin with this {@code plugin.id}; version defaults to 1.0.0. */
    public static PluginZipBuilder plugin(String pluginId) {
        return new PluginZipBuilder(pluginId);
    }

    public PluginZipBuilder version(String version) {
        this.version = version;
        return this;
    }

    /** {@code plugin.class}; omitted by default (PF4J then uses its plain {@code Plugin}). */
    public PluginZipBuilder pluginClass(String className) {
        this.pluginClass = className;
        return this;
    }

    /** {@code plugin.requires}, a version expression checked against the platform version. */
    public PluginZipBuilder requires(String expression) {
        this.requires = expression;
        return this;
    }

    /** A plugin class: fully qualified name and source; goes to {@code classes/}. */
    public PluginZipBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A file under {@code classes/}, e.g. {@code META-INF/services/...}. */
    public PluginZipBuilder resource(String path, String content) {
        resources.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** {@code lib/<jarName>} compiled from {@code classSources} (class name → source). */
    public PluginZipBuilder lib(String jarName, Map<String, String> classSources) {
        libs.put(jarName, new LinkedHashMap<>(classSources));
        return this;
    }

    /** Compiles everything and writes {@code <targetDir>/<pluginId>-<version>.zip}. */
    public Path buildZip(Path targetDir) {
        try {
            Path work = Files.createTempDirectory("plugin-build-");
            try {
                Path layout = work.resolve("layout");
                Path libDir = Files.createDirectories(layout.resolve("lib"));
                List<Path> libClassDirs = new ArrayList<>();
                for (Map.Entry<String, Map<String, String>> lib : libs.entrySet()) {
                    Path classes = work.resolve("lib-classes-" + libClassDirs.size());
                    JavaSourceCompiler.compile(lib.getValue(), classes, libClassDirs, false);
                    libClassDirs.add(classes);
                    zipDirectory(classes, "", libDir.resolve(lib.getKey()));
                }
                Path classes = Files.createDirectories(layout.resolve("classes"));
                if (!sources.isEmpty()) {
                    JavaSourceCompiler.compile(sources, classes, libClassDirs, true);
                }
                for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                    Path file = classes.resolve(r.getKey());
                    Files.createDirectories(file.getParent());
                    Files.write(file, r.getValue());
                }
                Files.writeString(layout.resolve("plugin.properties"), properties());
                Files.createDirectories(targetDir);
                Path zip = targetDir.resolve(pluginId + "-" + version + ".zip");
                zipDirectory(layout, "", zip);
                return zip;
            } finally {
                PluginArchives.deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build plugin " + pluginId, e);
        }
    }

    /**
     * Compiles the sources and writes a plugin jar {@code <targetDir>/<pluginId>-<version>.jar}:
     * classes at the root, descriptor in {@code META-INF/MANIFEST.MF}. A jar cannot carry
     * {@code lib/}; use {@link #buildZip} for that.
     */
    public Path buildJar(Path targetDir) {
        if (!libs.isEmpty()) {
            throw new IllegalStateException("A plugin jar cannot carry lib/ jars: build a zip");
        }
        try {
            Path classes = Files.createTempDirectory("plugin-build-");
            try {
                if (!sources.isEmpty()) {
                    JavaSourceCompiler.compile(sources, classes, List.of(), true);
                }
                for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                    Path file = classes.resolve(r.getKey());
                    Files.createDirectories(file.getParent());
                    Files.write(file, r.getValue());
                }
                Manifest manifest = new Manifest();
                Attributes main = manifest.getMainAttributes();
                main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
                main.putValue("Plugin-Id", pluginId);
                main.putValue("Plugin-Version", version);
                main.putValue("Plugin-Provider", "Tributary tests");
                if (pluginClass != null) {
                    main.putValue("Plugin-Class", pluginClass);
                }
                if (requires != null) {
                    main.putValue("Plugin-Requires", requires);
                }
                Files.createDirectories(targetDir);
                Path jar = targetDir.resolve(pluginId + "-" + version + ".jar");
                try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                     Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, jarOut);
                        jarOut.closeEntry();
                    }
                }
                return jar;
            } finally {
                PluginArchives.deleteTree(classes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build plugin " + pluginId, e);
        }
    }

    private String properties() {
        StringBuilder p = new StringBuilder();
        p.append("plugin.id=").append(pluginId).append('\n');
        p.append("plugin.version=").append(version).append('\n');
        p.append("plugin.provider=Tributary tests\n");
        if (pluginClass != null) {
            p.append("plugin.class=").append(pluginClass).append('\n');
        }
        if (requires != null) {
            p.append("plugin.requires=").append(requires).append('\n');
        }
        return p.toString();
    }

    /** Writes every file below {@code dir} into a new zip (or jar) at {@code target}. */
    static void zipDirectory(Path dir, String prefix, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String name = prefix + dir.relativize(file).toString().replace('\\', '/');
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
