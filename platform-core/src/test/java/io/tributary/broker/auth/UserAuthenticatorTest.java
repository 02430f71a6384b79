package io.tributary.broker.auth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificate authentication: a verified client certificate whose CN is an enabled user stands
 * for that user, and never for another name the CONNECT claims. The certificate is a real one,
 * made by the JDK's keytool.
 */
class UserAuthenticatorTest {
    @TempDir
    static Path dir;
    static X509Certificate sensorCert;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = dir.resolve("client.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "client", "-keyalg", "EC", "-dname", "CN=sensor-1, O=Tributary Test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        sensorCert = (X509Certificate) ks.getCertificate("client");
    }

    private static MqttUsers users() {
        MqttUsers users = new MqttUsers(new PasswordHasher(1000));
        users.create("sensor-1", null, null, "sensor-*");
        users.create("alice", "alice-password", null, null);
        return users;
    }

    private static Authentication auth(UserAuthenticator a, String clientId, String user, String password,
                                       X509Certificate cert) throws Exception {
        byte[] pw = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        return a.authenticate(new ConnectCredentials(clientId, user, pw, cert, new InetSocketAddress("127.0.0.1", 1)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theCertificatesCommonNameIsTheUser() throws Exception {
        assertThat(CertificateNames.commonName(sensorCert)).isEqualTo("sensor-1");
        try (UserAuthenticator a = new UserAuthenticator(users(), false, true)) {
            assertThat(auth(a, "sensor-a", null, null, sensorCert)).isEqualTo(Authentication.user("sensor-1"));
            assertThat(auth(a, "sensor-b", "sensor-1", null, sensorCert)).isEqualTo(Authentication.user("sensor-1"));
            assertThat(auth(a, "other", null, null, sensorCert).reason())
                    .as("the user's client id pattern still applies").isEqualTo("Client id not allowed for this user");
        }
    }

    @Test
    void aCertificateDoesNotVouchForAnotherUserName() throws Exception {
        try (UserAuthenticator a = new UserAuthenticator(users(), false, true)) {
            assertThat(auth(a, "c", "alice", null, sensorCert).result()).isEqualTo(AuthResult.BAD_CREDENTIALS);
            assertThat(auth(a, "c", "alice", "alice-password", sensorCert)).as("with her password she may")
                    .isEqualTo(Authentication.user("alice"));
        }
    }

    @Test
    void certificatesCountOnlyWhenTurnedOnAndForEnabledUsers() throws Exception {
        MqttUsers users = users();
        try (UserAuthenticator off = new UserAuthenticator(users, false, false)) {
            assertThat(auth(off, "sensor-a", null, null, sensorCert).result()).isEqualTo(AuthResult.NOT_AUTHORIZED);
        }
        users.update("sensor-1", null, false, null);
        try (UserAuthenticator on = new UserAuthenticator(users, false, true)) {
            assertThat(auth(on, "sensor-a", null, null, sensorCert).reason()).isEqualTo("User disabled");
        }
    }

    @Test
    void anonymousAccessWithoutUsersIgnoresUnverifiedNames() throws Exception {
        try (UserAuthenticator a = new UserAuthenticator(new MqttUsers(new PasswordHasher(1000)), true, false)) {
            Authentication habit = auth(a, "c", "device-17", "whatever", null);
            assertThat(habit.allowed()).isTrue();
            assertThat(habit.username()).as("an unverified name is no identity for ACLs").isNull();
        }
    }
}
