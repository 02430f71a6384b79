package io.tributary.admin.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells the operator a generated admin password, never through the log: on the terminal when
 * there is one (written to the console device, not to standard output, which may be a log
 * file); otherwise (a daemon, a service, a container without a terminal) into the owner-only file
 * {@value #FILE_NAME} in the data directory, whose path alone is logged.
 */
public final class PasswordNotice implements Consumer<String> {
    /** File holding a generated password when there is no terminal. */
    public static final String FILE_NAME = "initial-admin-password";
    private static final Logger log = LoggerFactory.getLogger(PasswordNotice.class);

    private final Path dataDir;
    private final Console console;

    /** @param dataDir where the password file goes when there is no terminal */
    public PasswordNotice(Path dataDir) {
        this(dataDir, System.console());
    }

    PasswordNotice(Path dataDir, Console console) {
        this.dataDir = dataDir;
        this.console = console;
    }

    @Override
    public void accept(String password) {
        if (console != null) {
            console.printf("%n  Generated admin password for user '%s': %s%n  (shown only once; only its hash "
                    + "is stored. Set %s to choose one.)%n%n", AdminCredentials.DEFAULT_USERNAME, password,
                    AdminCredentials.PASSWORD_ENV);
            console.flush();
            log.warn("No admin password configured: generated one, shown on the terminal only");
            return;
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        write(file, password);
        log.warn("No admin password configured: generated one for user '{}' and wrote it to {} (readable by "
                + "this user only); delete the file after logging in, or set {}", AdminCredentials.DEFAULT_USERNAME,
                file, AdminCredentials.PASSWORD_ENV);
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated admin password to " + file, e);
        }
    }
}
