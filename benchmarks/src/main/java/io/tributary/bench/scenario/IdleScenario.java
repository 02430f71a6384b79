package io.tributary.bench.scenario;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.tributary.bench.Options;
import io.tributary.bench.proc.MosquittoProcess;
import io.tributary.bench.proc.Procs;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Env;
import io.tributary.bench.report.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * (d) idle connections: N MQTT 5 clients connect (clean start, no keep-alive traffic) and stay
 * idle; the broker's Java heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and
 * its RSS, before and after, give the cost of one connection. Mosquitto's RSS for comparison.
 */
public final class IdleScenario {
    private IdleScenario() {
    }

    public static Report run(Context ctx, Options o) throws Exception {
        int n = o.integer("connections", 10_000);
        int settle = o.seconds("settle", 3);
        List<String> targets = o.list("targets", List.of("tributary", "mosquitto"));
        String name = o.str("name", "idle-" + n);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("connections", n);
        params.put("keepAliveSec", 0);
        params.put("subscriptions", o.flag("subscribe", false) ? 1 : 0);
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d idle MQTT 5 connections%n", name, n);
        for (String target : targets) {
            switch (target) {
                case "tributary" -> {
                    try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), null, ctx.work("tributary"),
                            ctx.brokerJvm(o), ctx.tributaryArgs(o, List.of()), ctx.jfrFile(o, name))) {
                        report.brokers.put("tributary", MqttScenario.brokerInfo(broker));
                        long heap0 = Procs.heapAfterGcKiB(broker.pid());
                        long rss0 = Procs.rssKiB(broker.pid());
                        List<Mqtt5AsyncClient> clients = connect(ctx, broker.mqttPort(), n, o.flag("subscribe", false));
                        Thread.sleep(settle * 1000L);
                        long heap1 = Procs.heapAfterGcKiB(broker.pid());
                        long rss1 = Procs.rssKiB(broker.pid());
                        disconnect(clients);
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("connected", clients.size());
                        f.put("heapBeforeKiB", heap0);
                        f.put("heapAfterKiB", heap1);
                        f.put("heapPerConnectionKiB", Report.round((heap1 - heap0) / (double) clients.size(), 2));
                        f.put("rssBeforeKiB", rss0);
                        f.put("rssAfterKiB", rss1);
                        f.put("rssPerConnectionKiB", Report.round((rss1 - rss0) / (double) clients.size(), 2));
                        f.put("loadAverage", Env.loadAverage());
                        report.figures.put("tributary", f);
                    }
                }
                case "mosquitto" -> {
                    try (MosquittoProcess broker = MosquittoProcess.start(ctx.work("mosquitto"), 32, 10_000)) {
                        report.brokers.put("mosquitto", Map.of("version", broker.versionString()));
                        long rss0 = Procs.rssKiB(broker.pid());
                        List<Mqtt5AsyncClient> clients = connect(ctx, broker.port(), n, o.flag("subscribe", false));
                        Thread.sleep(settle * 1000L);
                        long rss1 = Procs.rssKiB(broker.pid());
                        disconnect(clients);
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("connected", clients.size());
                        f.put("rssBeforeKiB", rss0);
                        f.put("rssAfterKiB", rss1);
                        f.put("rssPerConnectionKiB", Report.round((rss1 - rss0) / (double) clients.size(), 2));
                        f.put("loadAverage", Env.loadAverage());
                        report.figures.put("mosquitto", f);
                    }
                }
                default -> throw new IllegalArgumentException("unknown target " + target);
            }
        }
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    private static List<Mqtt5AsyncClient> connect(Context ctx, int port, int n, boolean subscribe) throws Exception {
        List<Mqtt5AsyncClient> clients = new ArrayList<>(n);
        Semaphore inflight = new Semaphore(256);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        long start = System.nanoTime();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (int i = 0; i < n; i++) {
            inflight.acquire();
            Mqtt5AsyncClient c = Mqtt5Client.builder().identifier("idle-" + run + "-" + i)
                    .serverHost("127.0.0.1").serverPort(port).buildAsync();
            clients.add(c);
            CompletableFuture<?> f = c.connectWith().cleanStart(true).keepAlive(0).send()
                    .thenCompose(ack -> subscribe
                            ? c.subscribeWith().topicFilter("idle/" + ack.hashCode()).send().thenApply(x -> ack)
                            : CompletableFuture.completedFuture(ack))
                    .whenComplete((ok, e) -> {
                        inflight.release();
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                    });
            all.add(f);
            if (i % 1000 == 999) {
                ctx.out.printf("\r  connected %,d/%,d", i + 1, n);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(120, TimeUnit.SECONDS);
        ctx.out.printf("\r  connected %,d/%,d in %d ms (%d failed)%n", n - failed.get(), n,
                (System.nanoTime() - start) / 1_000_000, failed.get());
        if (failed.get() > 0) {
            clients.removeIf(c -> !c.getState().isConnected());
        }
        return clients;
    }

    private static void disconnect(List<Mqtt5AsyncClient> clients) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Mqtt5AsyncClient c : clients) {
            all.add(c.disconnect().exceptionally(e -> null));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }
}
