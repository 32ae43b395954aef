package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it in {@code pg_authid.rolpassword}: {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, the three byte strings in base64. The
 * password itself is not kept: {@code StoredKey = SHA-256(ClientKey)} checks a client's proof and
 * {@code ServerKey} signs the server's answer (RFC 5802 section 3). Arrays are copied on the way in
 * and out.
 */
public final class ScramCredentials {
  /** PostgreSQL's default iteration count ({@code scram_iterations}) and RFC 7677's minimum. */
  public static final int DEFAULT_ITERATIONS = 4096;

  public static final int SALT_BYTES = 16;

  private static final String MECHANISM = "SCRAM-SHA-256";
  private static final Pattern FORMAT =
      Pattern.compile(
          "SCRAM-SHA-256\\$([0-9]{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] storedKey;
  private final byte[] serverKey;

  public ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    requireNonNull(salt, "salt is null");
    requireNonNull(storedKey, "storedKey is null");
    requireNonNull(serverKey, "serverKey is null");
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    if (storedKey.length != KEY_BYTES || serverKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("StoredKey and ServerKey must be 32 bytes each");
    }
    this.iterations = iterations;
    this.salt = salt.clone();
    this.storedKey = storedKey.clone();
    this.serverKey = serverKey.clone();
  }

  /**
   * Derives the verifier of a password with a fresh 16-byte random salt and {@value
   * #DEFAULT_ITERATIONS} iterations. The caller should clear {@code password} afterwards.
   */
  public static ScramCredentials hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return hash(password, salt, DEFAULT_ITERATIONS);
  }

  /** Derives the verifier of a password with the given salt and iteration count. */
  public static ScramCredentials hash(char[] password, byte[] salt, int iterations) {
    requireNonNull(password, "password is null");
    byte[] saltedPassword = saltedPassword(password, salt, iterations);
    try {
      byte[] clientKey = hmac(saltedPassword, "Client Key");
      byte[] serverKey = hmac(saltedPassword, "Server Key");
      return new ScramCredentials(iterations, salt, sha256(clientKey), serverKey);
    } finally {
      Arrays.fill(saltedPassword, (byte) 0);
    }
  }

  /**
   * Parses the stored form; throws {@link IllegalArgumentException} with a message that does not
   * repeat the text, which is secret.
   */
  public static ScramCredentials parse(String text) {
    requireNonNull(text, "text is null");
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Expected " + MECHANISM + "$<iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    Base64.Decoder decoder = Base64.getDecoder();
    try {
      return new ScramCredentials(
          Integer.parseInt(matcher.group(1)),
          decoder.decode(matcher.group(2)),
          decoder.decode(matcher.group(3)),
          decoder.decode(matcher.group(4)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid SCRAM-SHA-256 verifier: " + e.getMessage(), e);
    }
  }

  /** The stored form that {@link #parse} reads. */
  public String format() {
    Base64.Encoder encoder = Base64.getEncoder();
    return MECHANISM
        + "$"
        + iterations
        + ":"
        + encoder.encodeToString(salt)
        + "$"
        + encoder.encodeToString(storedKey)
        + ":"
        + encoder.encodeToString(serverKey);
  }

  public int iterations() {
    return iterations;
  }

  /** A copy of the salt. */
  public byte[] salt() {
    return salt.clone();
  }

  /** A copy of StoredKey. */
  public byte[] storedKey() {
    return storedKey.clone();
  }

  /** A copy of ServerKey. */
  public byte[] serverKey() {
    return serverKey.clone();
  }

  /** The verifier is secret: {@code toString} names only the mechanism and iteration count. */
  @Override
  public String toString() {
    return MECHANISM + "[iterations=" + iterations + "]";
  }

  /**
   * {@code Hi(Normalize(password), salt, i)}: PBKDF2 with HMAC-SHA-256. Normalize is SASLprep,
   * applied by {@link SaslPrep} as PostgreSQL and the client libraries do.
   */
  private static byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
    char[] prepared = SaslPrep.prepare(password);
    PBEKeySpec spec = new PBEKeySpec(prepared, salt, iterations, KEY_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
      if (prepared != password) {
        Arrays.fill(prepared, '\0');
      }
    }
  }

  /** HMAC-SHA-256 of a text's UTF-8 bytes. */
  public static byte[] hmac(byte[] key, String text) {
    return hmac(key, text.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA-256, the {@code HMAC} of RFC 5802 for SCRAM-SHA-256. */
  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
