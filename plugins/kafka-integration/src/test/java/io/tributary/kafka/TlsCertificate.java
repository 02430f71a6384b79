package io.tributary.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed server certificate made by the JDK's keytool for this test run: a PKCS12
 * keystore for the broker and the certificate in PEM for clients.
 *
 * @param keystore PKCS12 file holding the key and certificate
 * @param password keystore and key password
 * @param pem      the certificate, PEM text with real newlines
 */
public record TlsCertificate(Path keystore, String password, String pem) {

    /** A certificate for {@code CN=localhost} with subject alternative name {@code DNS:localhost}. */
    public static TlsCertificate localhost(Path dir, String name) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        String password = "test-" + name + "-pass";
        run(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        String pem = run(List.of("-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password));
        return new TlsCertificate(keystore, password, pem.trim());
    }

    /** The PEM as an operator pastes it into a one-line field: newlines written as "\n". */
    public String pemOnOneLine() {
        return pem.replace("\r\n", "\n").replace("\n", "\\n");
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args.get(0) + " failed: " + out);
        }
        return out;
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("kafka-integration-tls-");
    }
}
