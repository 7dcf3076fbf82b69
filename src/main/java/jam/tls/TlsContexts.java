package jam.tls;

import jam.ExitCode;
import jam.JamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds {@link SSLContext}s for the relay (certificate and key) and for clients (trusting a
 * private CA, or, when asked for, anything). Problems with the files are one-line {@link
 * JamException}s that name the file. Stateless.
 */
public final class TlsContexts {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /** A server context from a PEM certificate chain and a PEM private key (PKCS#8 or RSA PKCS#1). */
  public static SSLContext serverFromPem(Path certFile, Path keyFile) {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("jam", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      return serverContext(ks, NO_PASSWORD);
    } catch (GeneralSecurityException | IOException e) {
      throw new JamException(
          ExitCode.DATA, "cannot use " + keyFile + " with " + certFile + ": " + e.getMessage(), e);
    }
  }

  /** A server context from a PKCS#12 keystore. */
  public static SSLContext serverFromPkcs12(Path keystore, char[] password) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      return serverContext(ks, password);
    } catch (NoSuchFileException e) {
      throw new JamException(ExitCode.IO, "cannot read " + keystore + ": no such file");
    } catch (IOException e) {
      throw new JamException(
          ExitCode.DATA, "cannot read keystore " + keystore + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new JamException(
          ExitCode.DATA, "cannot use keystore " + keystore + ": " + e.getMessage(), e);
    }
  }

  private static SSLContext serverContext(KeyStore ks, char[] password)
      throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
    return ctx;
  }

  /** A client context that trusts the certificates in {@code caFile} (PEM) besides nothing else. */
  public static SSLContext clientTrusting(Path caFile) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caFile)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new JamException(
          ExitCode.DATA, "cannot use CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** A client context that accepts any certificate: only for {@code --insecure}. */
  public static SSLContext clientInsecure() {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new JamException(ExitCode.FAILURE, "TLS is not available: " + e.getMessage(), e);
    }
  }

  static List<Certificate> certificates(Path file) {
    byte[] bytes = read(file);
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty()) {
        throw new JamException(
            ExitCode.DATA,
            file + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
      }
      return new ArrayList<>(certs);
    } catch (GeneralSecurityException e) {
      throw new JamException(
          ExitCode.DATA, file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, der);
        case "RSA PRIVATE KEY":
          return pkcs8(file, rsaPkcs1ToPkcs8(der));
        case "ENCRYPTED PRIVATE KEY":
          throw new JamException(
              ExitCode.DATA,
              file
                  + " is encrypted: decrypt it (openssl pkcs8 -in KEY -out KEY.plain) or use a PKCS#12 keystore");
        case "EC PRIVATE KEY":
          throw new JamException(
              ExitCode.DATA,
              file
                  + " is a SEC1 EC key: convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        default:
          // not a key block (e.g. EC PARAMETERS); look further
      }
    }
    throw new JamException(
        ExitCode.DATA, file + " holds no private key (expected PEM: -----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new JamException(
        ExitCode.DATA,
        file + " holds a private key jam cannot read (RSA, EC and Ed25519 are supported)");
  }

  /** Wraps an RSA PKCS#1 key in a PKCS#8 structure: SEQUENCE { 0, rsaEncryption, OCTET STRING }. */
  private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length;
    if (n < 0x80) {
      length = new byte[] {(byte) n};
    } else if (n < 0x100) {
      length = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + length.length + n];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, n);
    return out;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new JamException(ExitCode.IO, "cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
