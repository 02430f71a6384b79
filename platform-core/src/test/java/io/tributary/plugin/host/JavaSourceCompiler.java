package io.tributary.plugin.host;

import io.tributary.plugin.api.IntegrationPlugin;
import org.pf4j.Extension;
import org.pf4j.processor.ExtensionAnnotationProcessor;
import org.slf4j.Logger;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles Java sources held in strings with {@code javax.tools}, against the running test's
 * class path (so the plugin API, PF4J and SLF4J are visible) plus extra entries placed first.
 */
final class JavaSourceCompiler {
    private JavaSourceCompiler() {
    }

    /**
     * @param sources        fully qualified class name → source text
     * @param outputDir      where class files (and {@code META-INF/extensions.idx}) go
     * @param firstOnPath    class path entries searched before the test class path
     * @param indexExtensions run PF4J's annotation processor to write {@code META-INF/extensions.idx}
     */
    static void compile(Map<String, String> sources, Path outputDir, List<Path> firstOnPath,
                        boolean indexExtensions) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler: tests must run on a JDK");
        }
        Files.createDirectories(outputDir);
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new StringSource(name, code)));
        List<String> options = new ArrayList<>(List.of("-d", outputDir.toString(), "-classpath", classPath(firstOnPath),
                "--release", "17", "-nowarn", "-Xlint:none"));
        if (!indexExtensions) {
            options.add("-proc:none");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options, null, units);
            if (indexExtensions) {
                // explicit: automatic processor discovery is off on newer JDKs
                task.setProcessors(List.of(new ExtensionAnnotationProcessor()));
            }
            if (!task.call()) {
                throw new IllegalStateException("Compilation failed: " + diagnostics.getDiagnostics());
            }
        }
    }

    private static String classPath(List<Path> firstOnPath) {
        Set<String> entries = new LinkedHashSet<>();
        firstOnPath.forEach(p -> entries.add(p.toString()));
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        // the essentials, wherever they come from (e.g. a manifest-only surefire jar)
        for (Class<?> c : List.of(IntegrationPlugin.class, Extension.class, Logger.class, TestPluginProbe.class)) {
            entries.add(locationOf(c));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class StringSource extends SimpleJavaFileObject {
        private final String code;

        StringSource(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
