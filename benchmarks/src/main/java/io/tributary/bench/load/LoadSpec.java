package io.tributary.bench.load;

/**
 * What to send.
 *
 * @param rate     messages/s over all publishers; 0 = as fast as the end-to-end window allows
 * @param window   most deliveries in flight end to end (published, not yet received) before a
 *                 publisher waits; bounds queues so a max-rate run measures what the path sustains
 * @param drainSec longest wait after the last publish for messages still on their way
 * @param ackWindow when above 0, each publisher is limited only by its own sends awaiting completion
 *                  (QoS 1: PUBACKs outstanding), not by the end-to-end {@code window}: the broker
 *                  may then be offered more than its subscribers take (overload)
 */
public record LoadSpec(int qos, int payloadSize, int rate, int warmupSec, int durationSec, int window,
                       int drainSec, int ackWindow) {
    public LoadSpec(int qos, int payloadSize, int rate, int warmupSec, int durationSec, int window, int drainSec) {
        this(qos, payloadSize, rate, warmupSec, durationSec, window, drainSec, 0);
    }

    public boolean max() {
        return rate <= 0;
    }

    public LoadSpec withRate(int newRate) {
        return new LoadSpec(qos, payloadSize, newRate, warmupSec, durationSec, window, drainSec, ackWindow);
    }

    public LoadSpec withWindow(int newWindow) {
        return new LoadSpec(qos, payloadSize, rate, warmupSec, durationSec, newWindow, drainSec, ackWindow);
    }
}
