package io.tributary.plugin.host;

import io.tributary.plugin.host.PluginRejectedException.Reason;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.DefaultVersionManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PropertiesPluginDescriptorFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checks that need no plugin code: the archive reads as a zip, no entry escapes the
 * plugin's folder, the descriptor names an id and a semantic version, and {@code plugin.requires}
 * accepts this platform.
 */
final class ArchiveInspector {
    static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final DefaultVersionManager VERSIONS = new DefaultVersionManager();

    private ArchiveInspector() {
    }

    /** Refuses archives that are not zips or whose entries would land outside the target folder. */
    static void checkEntries(Path archive) {
        String name = archive.getFileName().toString();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (isUnsafe(entry.getName())) {
                    throw new PluginRejectedException(Reason.UNSAFE_ENTRY, name, "entry '" + entry.getName()
                            + "' would be written outside the plugin folder (absolute path or '..'); archive refused");
                }
            }
        } catch (IOException e) {
            throw new PluginRejectedException(Reason.CORRUPT_ARCHIVE, name,
                    "not a readable zip or jar (" + e.getMessage() + ")", e);
        }
    }

    static boolean isUnsafe(String entryName) {
        String n = entryName.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            return true;
        }
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads and checks the descriptor of an unpacked zip (its folder) or of a jar.
     *
     * @param archive  the archive as the operator named it, for messages
     * @param loadable the unpacked folder or the jar
     */
    static ArchiveDescriptor describe(Path archive, Path loadable, String platformVersion) {
        String name = archive.getFileName().toString();
        PluginDescriptor d;
        try {
            d = new CompoundPluginDescriptorFinder()
                    .add(new PropertiesPluginDescriptorFinder())
                    .add(new ManifestPluginDescriptorFinder())
                    .find(loadable);
        } catch (RuntimeException e) {
            throw new PluginRejectedException(Reason.INVALID_DESCRIPTOR, name,
                    "no plugin descriptor: plugin.properties at the root of a zip, or Plugin-Id/Plugin-Version "
                            + "in a jar's manifest (" + e.getMessage() + ")", e);
        }
        String id = d.getPluginId();
        if (id == null || !PLUGIN_ID.matcher(id).matches()) {
            throw new PluginRejectedException(Reason.INVALID_DESCRIPTOR, name,
                    "plugin.id '" + id + "' must match " + PLUGIN_ID.pattern());
        }
        String version = d.getVersion();
        if (!isSemanticVersion(version)) {
            throw new PluginRejectedException(Reason.INVALID_DESCRIPTOR, name,
                    "plugin.version '" + version + "' of plugin '" + id + "' is not a semantic version such as 1.0.0");
        }
        String requires = d.getRequires() == null || d.getRequires().isBlank() ? "*" : d.getRequires().trim();
        boolean accepted;
        try {
            accepted = VERSIONS.checkVersionConstraint(platformVersion, requires);
        } catch (RuntimeException e) {
            throw new PluginRejectedException(Reason.INVALID_DESCRIPTOR, name,
                    "plugin.requires '" + requires + "' is not a version expression such as >=0.1.0", e);
        }
        if (!accepted) {
            throw new PluginRejectedException(Reason.INCOMPATIBLE_PLATFORM, name, "plugin '" + id + "' " + version
                    + " requires platform " + requires + " but this platform is " + platformVersion);
        }
        return new ArchiveDescriptor(id, version, requires, archive);
    }

    /** {@link #checkEntries} then {@link #describe} of an archive (a zip is unpacked to a temporary folder). */
    static ArchiveDescriptor describeArchive(Path archive, String platformVersion) {
        checkEntries(archive);
        if (!PluginArchives.isZip(archive)) {
            return describe(archive, archive, platformVersion);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tributary-plugin-descriptor-");
            return describe(archive, PluginArchives.unpack(archive, dir), platformVersion);
        } catch (IOException e) {
            throw new PluginRejectedException(Reason.CORRUPT_ARCHIVE, archive.getFileName().toString(),
                    "cannot be unpacked (" + e + ")", e);
        } finally {
            PluginArchives.deleteTree(dir);
        }
    }

    static boolean isSemanticVersion(String version) {
        if (version == null || version.isBlank()) {
            return false;
        }
        try {
            VERSIONS.compareVersions(version, "0.0.0");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Semantic-version order: negative when {@code a} is older than {@code b}. */
    static int compareVersions(String a, String b) {
        return VERSIONS.compareVersions(a, b);
    }
}
