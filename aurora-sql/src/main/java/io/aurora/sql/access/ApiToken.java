package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An API token bound to a role, for clients of the gRPC and HTTP APIs ({@code Authorization: Bearer
 * <token>}): {@code CREATE TOKEN name FOR ROLE role} shows the token once, and only the SHA-256 of
 * its secret is kept. A token is {@code aur.<name>.<secret>}, the secret 32 random bytes in
 * base64url, so the name finds the stored hash and a constant-time comparison checks the secret;
 * 256 random bits need no slow hash. {@code DROP TOKEN} revokes it; past {@code validUntilMicros}
 * (0 for never) it no longer authenticates. A token with {@code endpoints} ({@code CREATE TOKEN ...
 * ON ENDPOINT a, b}) may call only those published endpoints, as its role, and nothing else.
 *
 * @param secretHash the SHA-256 of the secret's UTF-8 bytes, in hexadecimal
 * @param requestsPerSecond the most requests per second each node serves with the token (a burst of
 *     up to one second's worth), 0 for no limit
 */
public record ApiToken(
    String name,
    String role,
    String secretHash,
    long createdMicros,
    long validUntilMicros,
    int requestsPerSecond,
    List<String> endpoints) {
  private static final String PREFIX = "aur.";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ApiToken {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(secretHash, "secretHash is null");
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("requestsPerSecond must not be negative");
    }
    endpoints = List.copyOf(endpoints);
  }

  /** A token for every door of its role. */
  public ApiToken(
      String name,
      String role,
      String secretHash,
      long createdMicros,
      long validUntilMicros,
      int requestsPerSecond) {
    this(name, role, secretHash, createdMicros, validUntilMicros, requestsPerSecond, List.of());
  }

  /** Whether the token may call only some published endpoints. */
  public boolean isLimitedToEndpoints() {
    return !endpoints.isEmpty();
  }

  /** Whether the token may call the published endpoint {@code name}. */
  public boolean mayCall(String name) {
    return endpoints.isEmpty() || endpoints.contains(name);
  }

  /** A new token's text and its stored form. */
  public record Issued(String text, ApiToken token) {
    @Override
    public String toString() {
      return "Issued[" + token + "]";
    }
  }

  /** Issues a token for {@code role} with a fresh secret. */
  public static Issued issue(
      String name,
      String role,
      long nowMicros,
      long validUntilMicros,
      int requestsPerSecond,
      List<String> endpoints) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Issued(
        PREFIX + name + "." + secret,
        new ApiToken(
            name, role, hash(secret), nowMicros, validUntilMicros, requestsPerSecond, endpoints));
  }

  /** Whether {@code text} has the form of a token (it may still be unknown or wrong). */
  public static boolean looksLikeToken(String text) {
    return text.startsWith(PREFIX) && text.lastIndexOf('.') > PREFIX.length();
  }

  /** The token name in {@code text}, or null when it is not a token's text. */
  static @Nullable String nameOf(String text) {
    if (!looksLikeToken(text)) {
      return null;
    }
    return text.substring(PREFIX.length(), text.lastIndexOf('.'));
  }

  /**
   * Whether {@code text} carries this token's secret and the token is valid at {@code nowMicros}.
   */
  boolean accepts(String text, long nowMicros) {
    String secret = text.substring(text.lastIndexOf('.') + 1);
    boolean isSecret =
        MessageDigest.isEqual(
            hash(secret).getBytes(StandardCharsets.US_ASCII),
            secretHash.getBytes(StandardCharsets.US_ASCII));
    return isSecret && (validUntilMicros == 0 || nowMicros < validUntilMicros);
  }

  private static String hash(String secret) {
    return HexFormat.of()
        .formatHex(ScramCredentials.sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** The hash is not secret, but there is no reason to print it. */
  @Override
  public String toString() {
    return "ApiToken[name="
        + name
        + ", role="
        + role
        + ", validUntil="
        + validUntilMicros
        + ", requestsPerSecond="
        + requestsPerSecond
        + ", endpoints="
        + endpoints
        + "]";
  }
}
