package io.tributary.bench.load;

/**
 * What to send.
 *
 * @param rate     messages/s over all publishers; 0 = as fast as the end-to-end window allows
 * @param window   most deliveries in flight end to end (published, not yet received) before a
 *                 publisher waits; bounds queues so a max-rate run measures what the path sustains
 * @param drainSec longest wait after the last publish for messages still on their way
 */
public record LoadSpec(int qos, int payloadSize, int rate, int warmupSec, int durationSec, int window,
                       int drainSec) {
    public boolean max() {
        return rate <= 0;
    }

    public LoadSpec withRate(int newRate) {
        return new LoadSpec(qos, payloadSize, newRate, warmupSec, durationSec, window, drainSec);
    }

    public LoadSpec withWindow(int newWindow) {
        return new LoadSpec(qos, payloadSize, rate, warmupSec, durationSec, newWindow, drainSec);
    }
}
