package jam.tls;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Which relay certificates a client accepts on {@code wss://}. The default verifies the chain
 * against the JDK's CAs and the certificate's names against the URL's host; {@link #trusting} swaps
 * the CAs for a private one (names still checked); {@link #insecure} checks nothing, and is only
 * ever made when the user asks for it.
 *
 * @param context the TLS context whose trust managers judge the chain
 * @param verifyHostName whether the certificate must name the host in the URL
 */
public record ClientTrust(SSLContext context, boolean verifyHostName) {
  public ClientTrust {
    Objects.requireNonNull(context, "context");
  }

  /** The JDK's CAs; host names verified. */
  public static ClientTrust defaults() {
    try {
      return new ClientTrust(SSLContext.getDefault(), true);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }

  /** Only the CA certificates in {@code caFile} (PEM); host names verified. */
  public static ClientTrust trusting(Path caFile) {
    return new ClientTrust(TlsContexts.clientTrusting(caFile), true);
  }

  /** Any certificate for any name: {@code --insecure}. */
  public static ClientTrust insecure() {
    return new ClientTrust(TlsContexts.clientInsecure(), false);
  }
}
