package io.tributary.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Effective configuration: defaults, then the properties file, then environment variables
 * ({@code TRIBUTARY_MQTT_PORT}), then command-line flags ({@code --mqtt.port=1884}); later wins.
 * Unknown keys are refused so that a typo does not silently fall back to a default; keys under
 * {@value #CLUSTER_PREFIX} are kept apart for the plugin that provides the cluster's shared log,
 * which checks them (file and flags only: their names do not map back from variable names).
 */
public final class TributaryConfig {
    /** Default file, relative to the working directory; {@code --config=FILE} picks another. */
    public static final String DEFAULT_FILE = "conf/tributary.properties";
    private static final String ENV_PREFIX = "TRIBUTARY_";
    /** Variables with the prefix that are not configuration keys (read by logback.xml and bin/tributary). */
    private static final Set<String> OTHER_ENV = Set.of("TRIBUTARY_LOG_LEVEL", "TRIBUTARY_CDS");
    /** Keys owned by a shared log provider plugin. */
    public static final String CLUSTER_PREFIX = "cluster.";

    private final Map<ConfigKey, String> values;
    private final Map<String, String> cluster;

    private TributaryConfig(Map<ConfigKey, String> values, Map<String, String> cluster) {
        this.values = values;
        this.cluster = Map.copyOf(cluster);
    }

    /** The {@code cluster.*} settings, full key to value; empty when this node is not part of a cluster. */
    public Map<String, String> clusterSettings() {
        return cluster;
    }

    /** Defaults only, with overrides given as key → value (used by tests and embedders). */
    public static TributaryConfig of(Map<String, String> overrides) {
        Map<ConfigKey, String> values = defaults();
        Map<String, String> cluster = new LinkedHashMap<>();
        apply(values, cluster, overrides, "override");
        TributaryConfig config = new TributaryConfig(values, cluster);
        config.validate();
        return config;
    }

    /** Loads file, environment and flags as described on this class. */
    public static TributaryConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException("Unexpected argument '" + arg + "': flags look like --mqtt.port=1883");
            }
            String body = arg.substring(2);
            String key;
            String value;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                key = body.substring(0, eq);
                value = body.substring(eq + 1);
            } else if (i + 1 < args.length) {
                key = body;
                value = args[++i];
            } else {
                throw new ConfigException("Flag --" + body + " needs a value");
            }
            if (key.equals("config")) {
                file = value;
            } else {
                flags.put(key, value);
            }
        }
        Map<ConfigKey, String> values = defaults();
        Map<String, String> cluster = new LinkedHashMap<>();
        Path path = Path.of(file != null ? file : DEFAULT_FILE);
        if (Files.isRegularFile(path)) {
            apply(values, cluster, readProperties(path), path.toString());
        } else if (file != null) {
            throw new ConfigException("Configuration file " + path.toAbsolutePath() + " does not exist");
        }
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envName());
            if (v != null) {
                fromEnv.put(k.key(), v);
            }
        }
        for (String name : env.keySet()) {
            // a mistyped variable must not silently leave the default in place
            if (name.startsWith(ENV_PREFIX) && !OTHER_ENV.contains(name)
                    && ConfigKey.byKey().values().stream().noneMatch(k -> k.envName().equals(name))) {
                throw new ConfigException("Unknown environment variable " + name + ": configuration variables are "
                        + ENV_PREFIX + " + a key in upper case with '.' and '-' as '_', e.g. "
                        + ConfigKey.MQTT_PORT.envName());
            }
        }
        apply(values, cluster, fromEnv, "environment");
        apply(values, cluster, flags, "command line");
        TributaryConfig config = new TributaryConfig(values, cluster);
        config.validate();
        return config;
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    public int getInt(ConfigKey key) {
        String v = values.get(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key() + " must be an integer, got '" + v + "'");
        }
    }

    public long getLong(ConfigKey key) {
        String v = values.get(key).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key() + " must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(ConfigKey key) {
        String v = values.get(key).trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key.key() + " must be true or false, got '" + v + "'");
    }

    /** The roles of this node ({@code node.roles}). */
    public java.util.Set<io.tributary.cluster.NodeRole> nodeRoles() {
        return io.tributary.cluster.NodeRole.parse(get(ConfigKey.NODE_ROLES));
    }

    /** The node id, or the host name when none is configured. */
    public String nodeId() {
        String id = get(ConfigKey.NODE_ID).trim();
        if (!id.isEmpty()) {
            return id;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "tributary";
        }
    }

    public Path dataDir() {
        return Path.of(get(ConfigKey.DATA_DIR));
    }

    /** Every key against its {@link ConfigType}, then the rules that tie keys together. */
    private void validate() {
        for (ConfigKey k : ConfigKey.values()) {
            String problem = k.type().check(values.get(k));
            if (problem != null) {
                throw new ConfigException(k.key() + " " + problem);
            }
        }
        long minBytes = 4L * getInt(ConfigKey.MQTT_MAX_PACKET_SIZE);
        if (getLong(ConfigKey.INTEGRATION_MAX_BYTES) < minBytes) {
            throw new ConfigException(ConfigKey.INTEGRATION_MAX_BYTES.key() + " must be at least 4 x "
                    + ConfigKey.MQTT_MAX_PACKET_SIZE.key() + " (" + minBytes + "), got "
                    + getLong(ConfigKey.INTEGRATION_MAX_BYTES));
        }
        atLeast(ConfigKey.INTEGRATION_RETRY_MAX, ConfigKey.INTEGRATION_RETRY_INITIAL);
        atLeast(ConfigKey.INTEGRATION_RESTART_MAX, ConfigKey.INTEGRATION_RESTART_INITIAL);
        if (getInt(ConfigKey.MQTT_MAX_KEEP_ALIVE) > 0) {
            // the imposed keep-alive must respect the cap
            atLeast(ConfigKey.MQTT_MAX_KEEP_ALIVE, ConfigKey.MQTT_SERVER_KEEP_ALIVE);
        }
    }

    private void atLeast(ConfigKey larger, ConfigKey smaller) {
        if (getLong(larger) < getLong(smaller)) {
            throw new ConfigException(larger.key() + " must be at least " + smaller.key() + " (" + getLong(smaller)
                    + "), got " + getLong(larger));
        }
    }

    private static Map<ConfigKey, String> defaults() {
        Map<ConfigKey, String> values = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            values.put(k, k.defaultValue());
        }
        return values;
    }

    private static void apply(Map<ConfigKey, String> values, Map<String, String> cluster, Map<String, String> source,
                              String origin) {
        Map<String, ConfigKey> known = ConfigKey.byKey();
        for (Map.Entry<String, String> e : source.entrySet()) {
            ConfigKey k = known.get(e.getKey().trim());
            if (k == null && e.getKey().trim().startsWith(CLUSTER_PREFIX)) {
                cluster.put(e.getKey().trim(), e.getValue().trim()); // checked by the provider of the shared log
                continue;
            }
            if (k == null) {
                throw new ConfigException("Unknown configuration key '" + e.getKey() + "' in " + origin
                        + "; known keys: " + String.join(", ", known.keySet()));
            }
            values.put(k, e.getValue().trim());
        }
    }

    private static Map<String, String> readProperties(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> map.put(n, p.getProperty(n)));
        return map;
    }
}
