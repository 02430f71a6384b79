package io.tributary.platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A module that does nothing, unless a test closes its gate: then the platform's start (or stop)
 * waits in it, and the test can look at what a probe sees meanwhile. Registered for every
 * platform of the web-admin tests; open by default.
 */
public final class GateModule implements PlatformModule {
    static volatile CountDownLatch startGate;
    static volatile CountDownLatch stopGate;

    @Override
    public void start(Platform platform) throws InterruptedException {
        await(startGate);
    }

    @Override
    public void close() {
        try {
            await(stopGate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch gate) throws InterruptedException {
        if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
    }
}
