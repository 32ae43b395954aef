package io.aurora.server.pgwire;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for {@code localhost} with an EC P-256 key, written as the two PEM
 * files the server reads: the certificate and the PKCS#8 private key.
 */
public record SelfSignedCertificate(Path certFile, Path keyFile) {
  public static SelfSignedCertificate create(Path directory) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=localhost");
      Instant now = Instant.now();
      X509CertificateHolder certificate =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(now.toEpochMilli()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(Duration.ofDays(1))),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      Path certFile = directory.resolve("server.crt");
      Path keyFile = directory.resolve("server.key");
      Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      return new SelfSignedCertificate(certFile, keyFile);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a self-signed certificate", e);
    }
  }

  private static String pem(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
