package io.tributary.mqtt.client;

import io.reactivex.schedulers.Schedulers;

/**
 * RxJava (inside the MQTT client) starts static threads of its own; they hold this plugin's class
 * loader. Counted here so the last client to stop shuts them down and the next one starts them again.
 */
final class RxSchedulers {
    private static int users;
    private static boolean shutDown;

    private RxSchedulers() {
    }

    static synchronized void acquire() {
        if (users++ == 0 && shutDown) {
            Schedulers.start();
            shutDown = false;
        }
    }

    static synchronized void release() {
        if (--users == 0) {
            Schedulers.shutdown();
            shutDown = true;
        }
    }
}
