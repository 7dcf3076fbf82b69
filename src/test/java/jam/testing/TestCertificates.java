package jam.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A self-signed certificate for localhost made with the JDK's keytool, in PKCS#12 and PEM. */
public record TestCertificates(Path keystore, char[] password, Path certPem, Path keyPem) {
  public static TestCertificates create(Path dir)
      throws IOException, InterruptedException, GeneralSecurityException {
    return create(dir, "dns:localhost,ip:127.0.0.1");
  }

  /**
   * A self-signed certificate for the names in {@code san} (keytool's SAN syntax:
   * dns:NAME,ip:ADDRESS).
   */
  public static TestCertificates create(Path dir, String san)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path ks = dir.resolve("relay.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "jam",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    Path cert = dir.resolve("cert.pem");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "jam",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-file",
        cert.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    Key key = store.getKey("jam", "changeit".toCharArray());
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(
        keyPem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new TestCertificates(ks, "changeit".toCharArray(), cert, keyPem);
  }

  public SSLContext serverContextFromPem() {
    return TlsContexts.serverFromPem(certPem, keyPem);
  }

  public SSLContext serverContextFromPkcs12() {
    return TlsContexts.serverFromPkcs12(keystore, password);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }
}
