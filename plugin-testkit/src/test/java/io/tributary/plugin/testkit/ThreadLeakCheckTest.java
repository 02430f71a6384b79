package io.tributary.plugin.testkit;

import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ThreadLeakCheckTest {
    @TempDir
    Path dir;

    @AfterEach
    void releaseLeakedThreads() {
        TestPluginProbe.setMode(BrokenPlugins.RELEASE_LEAKS, "release");
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("leaky-poller")));
        TestPluginProbe.reset();
    }

    @Test
    void theTestPluginLeavesNoThread() {
        PluginTestKit.forZip(TestPlugins.build(dir)).validConfig(Map.of("mode", "ok"))
                .assertNoThreadLeak(Duration.ofSeconds(2));
    }

    @Test
    void completingOnAJdkTimerThreadIsNotALeak() {
        // slow mode completes on the JDK's CompletableFuture delay scheduler
        PluginTestKit.forZip(TestPlugins.build(dir)).validConfig(Map.of("mode", "slow", "delayMs", 10))
                .assertNoThreadLeak(Duration.ofSeconds(2));
    }

    @Test
    void jvmSharedThreadsAreIgnoredUnlessTheyHoldThePluginsLoader() throws Exception {
        ClassLoader pluginLoader = new URLClassLoader(new URL[0], null);
        CountDownLatch end = new CountDownLatch(1);
        Thread jvmLike = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "CompletableFutureDelayScheduler");
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        jvmLike.start();
        try {
            assertThat(ThreadLeakCheck.leaked(before, Set.of(), pluginLoader, List.of())).isEmpty();

            jvmLike.setContextClassLoader(pluginLoader); // created from a plugin call: it pins the loader forever
            assertThat(ThreadLeakCheck.leaked(before, Set.of(), pluginLoader, List.of())).containsExactly(jvmLike);
            assertThat(ThreadLeakCheck.leaked(before, Set.of(jvmLike), pluginLoader, List.of()))
                    .as("the kit's own threads never count").isEmpty();
        } finally {
            end.countDown();
            jvmLike.join();
        }
    }

    @Test
    void aThreadStillRunningAfterStopFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.leaksThread(dir));

        assertThatThrownBy(() -> kit.assertNoThreadLeak(Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LEAKY: 1 thread(s) started by the integration still run 300 ms after stop()")
                .hasMessageContaining("\"leaky-poller\"")
                .hasMessageContaining("(context class loader: the plugin's)")
                .hasMessageContaining("at io.tributary.brokenplugin.leaky.BrokenIntegration");
    }

    @Test
    void anIgnoredThreadIsNotALeak() {
        PluginTestKit.forZip(BrokenPlugins.leaksThread(dir)).ignoreThreads("leaky-.*")
                .assertNoThreadLeak(Duration.ofMillis(300));
    }
}
