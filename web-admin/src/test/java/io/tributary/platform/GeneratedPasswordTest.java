package io.tributary.platform;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.tributary.admin.Api;
import io.tributary.admin.AdminModule;
import io.tributary.admin.auth.PasswordNotice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a configured admin password one is generated; it never reaches the log file. Without
 * a terminal (as here, and as a daemon) it goes to an owner-only file in the data directory.
 */
class GeneratedPasswordTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratedPasswordIsNeverLogged() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Path logFile = dir.resolve("logs/tributary.log");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d %-5level [%thread] %logger - %msg%n%ex");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(file);
        String password;
        try (RunningPlatform running = RunningPlatform.start(dir, Map.of("admin.password", ""))) {
            Path notice = dir.resolve("data").resolve(PasswordNotice.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notice))).isEqualTo("rw-------");
            password = Files.readString(notice).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            Api api = new Api(running.platform.module(AdminModule.class).port(), "admin", password);
            assertThat(api.get("/api/integrations").status()).isEqualTo(200);
        } finally {
            root.detachAppender(file);
            file.stop();
        }
        String log = Files.readString(logFile);
        assertThat(log).contains("generated one").contains(PasswordNotice.FILE_NAME).doesNotContain(password);
    }
}
