package io.tributary.tls;

import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a server's key and certificate chain come from: a PEM certificate chain with a PKCS#8 key,
 * or a PKCS#12 keystore. The same for the MQTT listeners and the admin server; only the keys differ.
 */
public final class KeyFiles {
    /** The configuration keys of one server's key material. */
    public record Keys(ConfigKey cert, ConfigKey key, ConfigKey keyPassword, ConfigKey keystore,
                       ConfigKey keystorePassword) {
    }

    private final Keys keys;
    private final TributaryConfig config;

    private KeyFiles(Keys keys, TributaryConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /**
     * The configured key material, or {@code null} when none is configured. Refuses incomplete or
     * contradicting settings (a certificate without a key, PEM files and a keystore).
     */
    public static KeyFiles from(TributaryConfig config, Keys keys) {
        boolean cert = set(config, keys.cert());
        boolean key = set(config, keys.key());
        boolean keystore = set(config, keys.keystore());
        if (keystore && (cert || key)) {
            throw new ConfigException(keys.keystore().key() + " and " + keys.cert().key() + "/" + keys.key().key()
                    + " are alternatives: set either the keystore or the PEM files");
        }
        if (cert != key) {
            ConfigKey missing = cert ? keys.key() : keys.cert();
            ConfigKey present = cert ? keys.cert() : keys.key();
            throw new ConfigException(missing.key() + " must be set together with " + present.key());
        }
        return cert || keystore ? new KeyFiles(keys, config) : null;
    }

    private static boolean set(TributaryConfig config, ConfigKey key) {
        return !config.get(key).isBlank();
    }

    /** The files to watch for changes. */
    public List<Path> files() {
        return isKeystore() ? List.of(path(keys.keystore())) : List.of(path(keys.cert()), path(keys.key()));
    }

    /** For logs, e.g. {@code PEM mqtt.tls.cert=/etc/tributary/server.pem}. */
    public String describe() {
        return isKeystore() ? "PKCS#12 " + keys.keystore().key() + "=" + path(keys.keystore())
                : "PEM " + keys.cert().key() + "=" + path(keys.cert());
    }

    /** Reads and checks the files now; every problem is a {@link ConfigException} naming the key. */
    public ServerKey load() {
        ServerKey loaded = isKeystore() ? loadKeystore() : loadPem();
        loaded.checkPair(isKeystore() ? keys.keystore().key()
                : keys.key().key() + " and " + keys.cert().key());
        return loaded;
    }

    private boolean isKeystore() {
        return set(config, keys.keystore());
    }

    private Path path(ConfigKey key) {
        return Path.of(config.get(key).trim());
    }

    private ServerKey loadPem() {
        Path certFile = path(keys.cert());
        Path keyFile = path(keys.key());
        List<X509Certificate> chain = PemFiles.certificates(read(keys.cert()), keys.cert(), certFile.toString());
        PrivateKey key = PemFiles.privateKey(read(keys.key()), config.get(keys.keyPassword()).toCharArray(),
                keys.key(), keys.keyPassword(), keyFile.toString());
        return new ServerKey(key, chain);
    }

    private ServerKey loadKeystore() {
        Path file = path(keys.keystore());
        char[] password = config.get(keys.keystorePassword()).toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(read(keys.keystore())), password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Key key = ks.getKey(alias, password);
                    Certificate[] chain = ks.getCertificateChain(alias);
                    if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                        List<X509Certificate> certs = new ArrayList<>();
                        for (Certificate c : chain) {
                            certs.add((X509Certificate) c);
                        }
                        return new ServerKey(pk, certs);
                    }
                }
            }
            throw new ConfigException(keys.keystore().key() + ": " + file
                    + " holds no private key with a certificate chain");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().toLowerCase().contains("password")) {
                throw new ConfigException(keys.keystorePassword().key() + " does not open " + file);
            }
            throw new ConfigException(keys.keystore().key() + ": " + file + " is not a PKCS#12 keystore ("
                    + e.getMessage() + ")");
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(keys.keystorePassword().key() + " does not open the key in " + file);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(keys.keystore().key() + ": " + file + " cannot be read: " + e.getMessage());
        }
    }

    private byte[] read(ConfigKey key) {
        return read(path(key), key);
    }

    /** The file's bytes; a missing or unreadable file is a {@link ConfigException} naming {@code key}. */
    public static byte[] read(Path file, ConfigKey key) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(key.key() + ": file " + file.toAbsolutePath() + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException(key.key() + ": file " + file.toAbsolutePath()
                    + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(key.key() + ": file " + file.toAbsolutePath() + " cannot be read: "
                    + e.getMessage());
        }
    }
}
