package io.tributary.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.Authenticator;
import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.broker.auth.PasswordHasher;
import io.tributary.broker.auth.UserAuthenticator;
import io.tributary.broker.metrics.BrokerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.persistence.BrokerJournal;
import io.tributary.storage.log.Durability;
import io.tributary.broker.session.InMemorySessionStore;
import io.tributary.broker.tls.MqttTlsSettings;
import io.tributary.broker.tls.ServerTls;
import io.tributary.broker.transport.IoTransport;
import io.tributary.broker.transport.TcpChannelInitializer;
import io.tributary.broker.transport.WebSocketChannelInitializer;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The MQTT broker: TCP and WebSocket listeners, plain and over TLS, over one {@link BrokerCore}. */
public final class MqttBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttBroker.class);

    private final TributaryConfig config;
    private final BrokerCore core;
    private final ScheduledExecutorService scheduler;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final IoTransport transport;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final BrokerJournal journal;
    private final MqttUsers users;
    private final MqttAcl acl;
    private final UserAuthenticator authenticator;
    private InetSocketAddress tcpAddress;
    private InetSocketAddress wsAddress;
    private final ServerTls tls;
    private InetSocketAddress tlsAddress;
    private InetSocketAddress wssAddress;
    private volatile boolean started;

    public MqttBroker(TributaryConfig config) {
        this(config, null, null);
    }

    /** With the broker's meters registered in {@code registry} (the platform's). */
    public MqttBroker(TributaryConfig config, MeterRegistry registry) {
        this(config, null, null, registry);
    }

    /**
     * With an {@code authorizer} and {@code authenticator} replacing the ACL rules and the user
     * store (each {@code null}: the built-in one); for embedding and tests.
     */
    public MqttBroker(TributaryConfig config, Authorizer authorizer, Authenticator authenticator) {
        this(config, authorizer, authenticator, new SimpleMeterRegistry());
    }

    /** As above, with the broker's meters registered in {@code registry}. */
    public MqttBroker(TributaryConfig config, Authorizer authorizer, Authenticator authenticator,
                      MeterRegistry registry) {
        this.config = config;
        // configuration errors first, before any thread is started
        this.users = new MqttUsers(new PasswordHasher());
        users.seed(config.get(ConfigKey.AUTH_USERS));
        this.acl = new MqttAcl(config.get(ConfigKey.AUTH_ACL_DEFAULT).equals("allow"));
        BrokerSettings settings = BrokerSettings.from(config);
        this.authenticator = new UserAuthenticator(users, config.getBoolean(ConfigKey.AUTH_ANONYMOUS),
                config.getBoolean(ConfigKey.AUTH_CERTIFICATE));
        this.tls = loadTls(config, settings);
        this.transport = IoTransport.choose(config.get(ConfigKey.MQTT_TRANSPORT));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("mqtt-timer", true));
        this.journal = config.getBoolean(ConfigKey.MQTT_PERSISTENCE) ? openJournal(config) : null;
        this.core = new BrokerCore(settings, new InMemorySessionStore(),
                authenticator != null ? authenticator : this.authenticator,
                authorizer != null ? authorizer : acl, scheduler, journal, new BrokerMetrics(registry));
        users.onRevoked(core::revokeUser);
        acl.onChange(core::reauthorize);
        if (journal != null) {
            try {
                core.restore(journal.recover());
            } catch (RuntimeException e) {
                journal.close();
                scheduler.shutdownNow();
                throw e;
            }
        }
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-accept"),
                transport.handlerFactory());
        // 0: Netty's default, two per core
        this.workerGroup = new MultiThreadIoEventLoopGroup(config.getInt(ConfigKey.MQTT_IO_THREADS),
                new DefaultThreadFactory("mqtt-io"), transport.handlerFactory());
    }

    public BrokerCore core() {
        return core;
    }

    private void startTls(String bind) throws InterruptedException {
        if (tls == null) {
            return;
        }
        int tlsPort = config.getInt(ConfigKey.MQTT_TLS_PORT);
        int wssPort = config.getInt(ConfigKey.MQTT_WSS_PORT);
        if (tlsPort >= 0) {
            tlsAddress = bind(bind, tlsPort, new TcpChannelInitializer(core, tls));
            log.info("MQTT over TLS listening on ssl://{}:{}", bind, tlsAddress.getPort());
        }
        if (wssPort >= 0) {
            String path = config.get(ConfigKey.MQTT_WS_PATH);
            wssAddress = bind(bind, wssPort, new WebSocketChannelInitializer(core, path, tls));
            log.info("MQTT over secure WebSocket listening on wss://{}:{}{}", bind, wssAddress.getPort(), path);
        }
        tls.watch(scheduler);
    }

    /** The TLS listeners' context, or {@code null} when they are off or have no key material. */
    private static ServerTls loadTls(TributaryConfig config, BrokerSettings settings) {
        if (config.getInt(ConfigKey.MQTT_TLS_PORT) < 0 && config.getInt(ConfigKey.MQTT_WSS_PORT) < 0) {
            return null;
        }
        MqttTlsSettings tlsSettings = MqttTlsSettings.from(config);
        if (tlsSettings == null) {
            log.info("MQTT over TLS and secure WebSocket off: no key material (set {} and {}, or {})",
                    ConfigKey.MQTT_TLS_CERT.key(), ConfigKey.MQTT_TLS_KEY.key(), ConfigKey.MQTT_TLS_KEYSTORE.key());
            return null;
        }
        return ServerTls.load(tlsSettings, settings.connectTimeoutSeconds() * 1000L);
    }

    /** The TLS listeners' context (for checking the certificate files now), or {@code null} when off. */
    /** The socket I/O the listeners run on. */
    public IoTransport transport() {
        return transport;
    }

    public ServerTls tls() {
        return tls;
    }

    /** Bound MQTT-over-TLS port, or -1 when the listener is off. */
    public int tlsPort() {
        return tlsAddress == null ? -1 : tlsAddress.getPort();
    }

    /** Bound secure WebSocket port, or -1 when the listener is off. */
    public int wssPort() {
        return wssAddress == null ? -1 : wssAddress.getPort();
    }

    /** MQTT users: attach a store before {@link #start}, manage them from the admin. */
    public MqttUsers users() {
        return users;
    }

    /** ACL rules: attach a store before {@link #start}, manage them from the admin. */
    public MqttAcl acl() {
        return acl;
    }

    /** Binds the enabled listeners; throws when a port cannot be bound. */
    public MqttBroker start() throws InterruptedException {
        if (authenticator.anonymousAllowed()) {
            log.warn("Anonymous MQTT clients are allowed (auth.anonymous=true): any client can connect");
        } else if (users.isEmpty()) {
            log.warn("auth.anonymous=false and no MQTT users exist: no MQTT client can connect until one is created");
        }
        // integrations listen by now (the platform opens them first); clients cannot connect yet
        core.reportSessionsExpiredWhileStopped();
        String bind = config.get(ConfigKey.MQTT_BIND);
        int tcpPort = config.getInt(ConfigKey.MQTT_PORT);
        int wsPort = config.getInt(ConfigKey.MQTT_WS_PORT);
        String noEpoll = transport == IoTransport.NIO && config.get(ConfigKey.MQTT_TRANSPORT).equals("auto")
                ? IoTransport.epollUnavailableReason() : null;
        log.info("MQTT socket I/O: {}{}", transport.name().toLowerCase(java.util.Locale.ROOT),
                noEpoll == null ? "" : " (epoll is not available: " + noEpoll + ")");
        if (tcpPort >= 0) {
            tcpAddress = bind(bind, tcpPort, new TcpChannelInitializer(core));
            log.info("MQTT listening on tcp://{}:{}", bind, tcpAddress.getPort());
        }
        if (wsPort >= 0) {
            String path = config.get(ConfigKey.MQTT_WS_PATH);
            wsAddress = bind(bind, wsPort, new WebSocketChannelInitializer(core, path));
            log.info("MQTT over WebSocket listening on ws://{}:{}{}", bind, wsAddress.getPort(), path);
        }
        startTls(bind);
        started = true;
        return this;
    }

    /** True once {@link #start} bound every enabled listener, while each of them is still open; false from {@link #close}. */
    public boolean listening() {
        if (!started) {
            return false;
        }
        for (Channel listener : listeners) {
            if (!listener.isActive()) {
                return false;
            }
        }
        return true;
    }

    /** Bound TCP port, or -1 when the listener is off. */
    public int tcpPort() {
        return tcpAddress == null ? -1 : tcpAddress.getPort();
    }

    /** Bound WebSocket port, or -1 when the listener is off. */
    public int wsPort() {
        return wsAddress == null ? -1 : wsAddress.getPort();
    }

    /**
     * Graceful stop: no new connections, wills published, MQTT 5 clients told the server is
     * shutting down, connections closed, threads stopped.
     */
    @Override
    public void close() {
        started = false;
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
        List<ClientConnection> live = List.copyOf(core.connections());
        // wills first: each one is then written to its subscribers ahead of their DISCONNECT
        for (ClientConnection c : live) {
            c.publishWillNow();
        }
        core.wills().publishAllPending();
        for (ClientConnection c : live) {
            c.shutdown();
        }
        for (ClientConnection c : live) {
            c.awaitClosed(2, TimeUnit.SECONDS);
        }
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        scheduler.shutdownNow();
        authenticator.close();
        users.close();
        if (journal != null) {
            journal.close();
        }
        log.info("MQTT broker stopped");
    }

    /** The journal of persistent sessions and retained messages, beside the integration logs in {@code data.dir}. */
    private static BrokerJournal openJournal(TributaryConfig config) {
        Durability d = Durability.parse(config.get(ConfigKey.INTEGRATION_DURABILITY));
        return BrokerJournal.open(config.dataDir().resolve("broker"), d == Durability.FSYNC ? d : Durability.OS,
                (int) Math.min(Integer.MAX_VALUE - 1024, 2L * config.getInt(ConfigKey.MQTT_MAX_PACKET_SIZE) + 1024));
    }

    private InetSocketAddress bind(String host, int port, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        Channel ch = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init)
                .bind(host, port).sync().channel();
        listeners.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }
}
