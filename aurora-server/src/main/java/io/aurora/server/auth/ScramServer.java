package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.ScramCredentials;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 with RFC 7677's hash), without channel
 * binding: only the GS2 headers {@code n,,} and {@code y,,} are accepted, as the server never
 * advertises {@code SCRAM-SHA-256-PLUS}. As in PostgreSQL, the user name inside the client's
 * message is ignored (libpq sends it empty); the user is the one the connection started with.
 *
 * <pre>
 *   client-first  n,,n=,r=&lt;client nonce&gt;            ──▶ {@link #handleClientFirst}
 *   server-first  r=&lt;client+server nonce&gt;,s=&lt;salt&gt;,i=&lt;iterations&gt; ◀──
 *   client-final  c=biws,r=&lt;client+server nonce&gt;,p=&lt;proof&gt; ──▶ {@link #handleClientFinal}
 *   server-final  v=&lt;server signature&gt;                  ◀── (or 28P01)
 * </pre>
 *
 * <p>A malformed message fails with {@link ErrorCode#PROTOCOL_VIOLATION} (08P01), a requested
 * feature the server lacks (channel binding, an authorization identity, a mandatory extension) with
 * {@link ErrorCode#FEATURE_NOT_SUPPORTED}, and a wrong proof or an unknown user with {@link
 * ErrorCode#INVALID_PASSWORD} (28P01) and PostgreSQL's message. The proof is compared in constant
 * time. Not thread-safe: one connection drives it, one message at a time.
 */
public final class ScramServer {
  private static final int NONCE_BYTES = 18;
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum State {
    AWAITING_CLIENT_FIRST,
    AWAITING_CLIENT_FINAL,
    FINISHED
  }

  private final String user;
  private final AuthenticationMethod.ScramSha256 method;
  private final String serverNonce;
  private State state = State.AWAITING_CLIENT_FIRST;
  private String gs2Header = "";
  private String clientFirstBare = "";
  private String serverFirst = "";
  private String nonce = "";

  /** An exchange for {@code user} against the credentials of {@code method}. */
  public ScramServer(String user, AuthenticationMethod.ScramSha256 method) {
    this(user, method, newNonce());
  }

  /** An exchange with a fixed server nonce, for test vectors. */
  ScramServer(String user, AuthenticationMethod.ScramSha256 method, String serverNonce) {
    this.user = requireNonNull(user, "user is null");
    this.method = requireNonNull(method, "method is null");
    this.serverNonce = requireNonNull(serverNonce, "serverNonce is null");
  }

  /** Reads client-first-message and returns server-first-message, both UTF-8. */
  public byte[] handleClientFirst(byte[] message) {
    requireNonNull(message, "message is null");
    if (state != State.AWAITING_CLIENT_FIRST) {
      throw new IllegalStateException("client-first-message was already handled");
    }
    state = State.FINISHED;
    Cursor cursor = new Cursor(decode(message));
    char flag = cursor.next();
    if (flag == 'p') {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "The client requested SCRAM channel binding, which the server does not offer");
    }
    if (flag != 'n' && flag != 'y') {
      throw malformed("unexpected channel binding flag");
    }
    cursor.expect(',');
    if (cursor.peek() == 'a') {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "SCRAM authorization identities are not supported");
    }
    cursor.expect(',');
    gs2Header = cursor.consumed();
    int bareStart = cursor.position();
    if (cursor.peek() == 'm') {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "The client requires an unsupported SCRAM extension");
    }
    cursor.attribute('n');
    String clientNonce = cursor.attribute('r');
    if (clientNonce.isEmpty() || !clientNonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
      throw malformed("the client nonce is empty or not printable");
    }
    cursor.skipExtensions();
    clientFirstBare = cursor.text().substring(bareStart);
    nonce = clientNonce + serverNonce;
    ScramCredentials credentials = method.credentials();
    serverFirst =
        "r="
            + nonce
            + ",s="
            + Base64.getEncoder().encodeToString(credentials.salt())
            + ",i="
            + credentials.iterations();
    state = State.AWAITING_CLIENT_FINAL;
    return serverFirst.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads client-final-message, checks the client's proof and returns server-final-message, which
   * proves to the client that the server knows the verifier.
   */
  public byte[] handleClientFinal(byte[] message) {
    requireNonNull(message, "message is null");
    if (state != State.AWAITING_CLIENT_FINAL) {
      throw new IllegalStateException("client-first-message was not handled");
    }
    state = State.FINISHED;
    Cursor cursor = new Cursor(decode(message));
    byte[] channelBinding = base64(cursor.attribute('c'));
    if (!MessageDigest.isEqual(channelBinding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
      throw malformed("the channel binding does not repeat the GS2 header");
    }
    if (!cursor.attribute('r').equals(nonce)) {
      throw malformed("the nonce does not match");
    }
    int proofStart = cursor.skipExtensionsBefore('p');
    String withoutProof = cursor.text().substring(0, proofStart);
    byte[] proof = base64(cursor.attribute('p'));
    if (!cursor.isAtEnd()) {
      throw malformed("the proof is not the last attribute");
    }
    ScramCredentials credentials = method.credentials();
    byte[] authMessage =
        (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] storedKey = credentials.storedKey();
    byte[] clientSignature = ScramCredentials.hmac(storedKey, authMessage);
    if (proof.length != clientSignature.length) {
      throw malformed("the proof has the wrong length");
    }
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    boolean isProofValid = MessageDigest.isEqual(ScramCredentials.sha256(clientKey), storedKey);
    if (!isProofValid || !method.isKnownUser()) {
      throw new AuroraException(
          ErrorCode.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }
    byte[] serverSignature = ScramCredentials.hmac(credentials.serverKey(), authMessage);
    return ("v=" + Base64.getEncoder().encodeToString(serverSignature))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String newNonce() {
    byte[] bytes = new byte[NONCE_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String decode(byte[] message) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(message))
              .toString();
      if (text.indexOf('\0') >= 0) {
        throw malformed("it contains a NUL character");
      }
      return text;
    } catch (CharacterCodingException e) {
      throw malformed("it is not valid UTF-8");
    }
  }

  private static byte[] base64(String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw malformed("an attribute is not valid base64");
    }
  }

  private static AuroraException malformed(String reason) {
    return new AuroraException(ErrorCode.PROTOCOL_VIOLATION, "Malformed SCRAM message: " + reason);
  }

  /** Reads {@code name=value} attributes separated by commas. */
  private static final class Cursor {
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }

    int position() {
      return position;
    }

    String consumed() {
      return text.substring(0, position);
    }

    boolean isAtEnd() {
      return position == text.length();
    }

    char peek() {
      return isAtEnd() ? '\0' : text.charAt(position);
    }

    char next() {
      if (isAtEnd()) {
        throw malformed("it ends early");
      }
      return text.charAt(position++);
    }

    void expect(char expected) {
      if (next() != expected) {
        throw malformed("expected '" + expected + "'");
      }
    }

    /** Reads {@code name=value} and the comma after it, if any; returns the value. */
    String attribute(char name) {
      if (next() != name) {
        throw malformed("expected attribute " + name);
      }
      expect('=');
      int end = text.indexOf(',', position);
      if (end < 0) {
        end = text.length();
      }
      if (end == text.length() - 1) {
        throw malformed("it ends with a comma");
      }
      String value = text.substring(position, end);
      position = end == text.length() ? end : end + 1;
      return value;
    }

    /** Skips optional extension attributes up to the end of the text. */
    void skipExtensions() {
      while (!isAtEnd()) {
        char name = peek();
        if (!Character.isLetter(name)) {
          throw malformed("an extension has an invalid name");
        }
        attribute(name);
      }
    }

    /**
     * Skips optional extension attributes up to the attribute {@code name}; returns the position of
     * the comma before it.
     */
    int skipExtensionsBefore(char name) {
      while (peek() != name) {
        char extension = peek();
        if (!Character.isLetter(extension)) {
          throw malformed("expected attribute " + name);
        }
        attribute(extension);
      }
      if (position == 0 || text.charAt(position - 1) != ',') {
        throw malformed("expected attribute " + name);
      }
      return position - 1;
    }
  }
}
