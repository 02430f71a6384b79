package io.tributary.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed server certificate made by the JDK's keytool for this test run.
 *
 * @param keystore PKCS12 file holding the key and certificate
 * @param password keystore and key password
 * @param pem      the certificate, PEM text with real newlines
 */
public record TestCertificate(Path keystore, String password, String pem) {

    /**
     * A certificate for {@code CN=<first name>} with subject alternative names {@code san},
     * e.g. {@code "dns:localhost,ip:127.0.0.1"}.
     */
    public static TestCertificate create(Path dir, String name, String san) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        String password = "test-" + name + "-pass";
        run(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        return new TestCertificate(keystore, password, pem(keystore, password, name));
    }

    /** The certificate in PEM, read here rather than by a second (slow) keytool run. */
    private static String pem(Path keystore, String password, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ks.getCertificate(alias).getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate keytool made", e);
        }
    }

    /** The PEM as an operator pastes it into a one-line field: newlines written as "\n". */
    public String pemOnOneLine() {
        return pem.replace("\r\n", "\n").replace("\n", "\\n");
    }

    /** A server-side TLS context presenting this certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args.get(0) + " failed: " + out);
        }
    }
}
