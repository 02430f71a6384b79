package io.tributary.integration.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryWindowTest {
    @Test
    void aFullWindowRefusesUntilASlotIsReleased() throws Exception {
        DeliveryWindow window = new DeliveryWindow(3);
        for (int i = 0; i < 3; i++) {
            assertThat(window.tryAcquire(0, TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(window.tryAcquire(5, TimeUnit.MILLISECONDS)).isFalse();
        window.release();
        assertThat(window.tryAcquire(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(window.available()).isZero();
    }

    @Test
    void aWaiterOnALargeFullWindowGetsASlotWhenFewerThanABatchAreReleased() throws Exception {
        DeliveryWindow window = new DeliveryWindow(2000);
        for (int i = 0; i < 2000; i++) {
            window.tryAcquire(0, TimeUnit.MILLISECONDS);
        }
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return window.tryAcquire(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        window.release(); // one slot only: below the wake-up batch, taken at the waiter's next look
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(window.available()).isZero();
    }

    @Test
    void aWaiterIsInterruptible() throws Exception {
        DeliveryWindow window = new DeliveryWindow(1);
        window.tryAcquire(0, TimeUnit.MILLISECONDS);
        Thread.currentThread().interrupt();
        try {
            window.tryAcquire(10, TimeUnit.SECONDS);
            throw new AssertionError("not interrupted");
        } catch (InterruptedException expected) {
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }
}
