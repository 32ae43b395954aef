package io.aurora.server.auth;

/**
 * Decides how a connecting client must prove who it is. A wire protocol calls {@link #select} once
 * per connection, after the client named its user and database, and then runs the method returned:
 * {@link AuthenticationMethod.Trust} admits the client at once, {@link
 * AuthenticationMethod.ScramSha256} runs a {@link ScramServer} exchange against the credentials it
 * carries. A client that may not connect at all is refused by throwing.
 *
 * <p>Implementation guidance: {@code select} runs on a network event loop, so it must not block on
 * I/O; load users up front. It is called concurrently from several threads. To avoid telling an
 * attacker which user names exist, an implementation that uses passwords answers an unknown user
 * with {@link AuthenticationMethod.ScramSha256#unknownUser}, whose exchange fails exactly like a
 * wrong password. Roles and grants plug in here: an authenticator backed by a catalog decides from
 * the user, the database and the remote address, as PostgreSQL's {@code pg_hba.conf} does.
 */
public interface Authenticator {
  /**
   * The method the client must use.
   *
   * @throws io.aurora.storage.error.AuroraException with {@code
   *     INVALID_AUTHORIZATION_SPECIFICATION} (28000) when the client may not connect whatever it
   *     proves
   */
  AuthenticationMethod select(ClientConnection connection);
}
