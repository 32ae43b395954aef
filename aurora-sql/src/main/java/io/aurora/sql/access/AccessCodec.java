package io.aurora.sql.access;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The byte form of an {@link AccessChange} (in the catalog's Raft log) and of an {@link
 * AccessState} (in the catalog's snapshot).
 *
 * <h2>Byte layout</h2>
 *
 * <pre>
 * change   = kind:u8 body     strings are Java's modified UTF-8 (DataOutput.writeUTF)
 * kind 1   = CREATE ROLE: role
 * kind 2   = ALTER ROLE:  name:string options
 * kind 3   = DROP ROLE:   ifExists:u8 count:u16 name:string[count]
 * kind 4   = GRANT ROLE:  isGrant:u8 roles:list members:list
 * kind 5   = GRANT ON TABLES: isGrant:u8 bits:i32 tables:list grantees:list
 * kind 6   = GRANT ON SCHEMA: isGrant:u8 bits:i32 grantees:list
 * kind 7   = OWNER:       table:string owner:string
 * kind 8   = CREATE TOKEN: token                                   (no rate; written before kind 15)
 * kind 15  = CREATE TOKEN: token requestsPerSecond:i32              (no endpoints; before kind 16)
 * kind 16  = CREATE TOKEN: token requestsPerSecond:i32 endpoints:list
 * kind 9   = DROP TOKEN:  ifExists:u8 name:string
 * kind 10  = GRANT ON COLUMNS: isGrant:u8 bits:i32 table:string columns:list grantees:list
 * kind 11  = ROW SECURITY: table:string enabled:u8
 * kind 12  = CREATE POLICY: policy
 * kind 13  = DROP POLICY: table:string name:string ifExists:u8
 * kind 14  = DEFAULT PRIVILEGES: isGrant:u8 creator:string inSchema:u8 bits:i32 grantees:list
 * policy   = name:string table:string command:string roles:list using:nullable withCheck:nullable
 * token    = name:string role:string secretHash:string createdMicros:i64 validUntilMicros:i64
 * role     = name:string flags:u8 hasVerifier:u8 verifier:string[hasVerifier] validUntil:i64
 * options  = set:u8 flags:u8 (bit 0 superuser ... bit 4 inherit, in set and flags)
 *            passwordSet:u8 hasVerifier:u8 verifier:string[hasVerifier] hasValidUntil:u8 i64[..]
 * list     = count:u16 string[count]
 *
 * state    = version:u8(7) roleCount:i32 role[roleCount]
 *            memberCount:i32 (member:string roles:list)[memberCount]
 *            tableCount:i32 (table:string owner:nullable count:i32 (grantee:string bits:i32)[count])
 *            schemaCount:i32 (grantee:string bits:i32)[schemaCount]
 *            tokenCount:i32 (token requestsPerSecond:i32 endpoints:list)[tokenCount]  (version 2;
 *              the rate from version 6, the endpoints from 7; version 1 has no tokens)
 *            columnTableCount:i32 (table:string columnCount:i32
 *              (column:string count:i32 (grantee:string bits:i32)[count])[columnCount])  (version 3)
 *            rowSecurityTables:list policyCount:i32 policy[policyCount]              (version 4)
 *            creatorCount:i32 (creator:string count:i32 (grantee:string bits:i32)[count])  (v5;
 *              a creator's privileges given IN SCHEMA public under creator + "\0public")
 * nullable = present:u8 string[present]
 * </pre>
 *
 * Maps are written in name order, so equal states have equal bytes.
 */
public final class AccessCodec {
  private AccessCodec() {}

  /** The byte form; see the class javadoc. */
  public static byte[] encode(AccessChange change) {
    return bytesOf(out -> write(out, change));
  }

  /** What a body writes, as bytes; a name too long for the form raises 54000. */
  private static byte[] bytesOf(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (UTFDataFormatException e) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED, "A role or table name is longer than 65535 bytes", e);
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Writes the byte form of a change. */
  static void write(DataOutputStream out, AccessChange change) throws IOException {
    if (change instanceof AccessChange.CreateRole create) {
      out.writeByte(1);
      writeRole(out, create.role());
    } else if (change instanceof AccessChange.AlterRole alter) {
      out.writeByte(2);
      out.writeUTF(alter.name());
      writeOptions(out, alter.options());
    } else if (change instanceof AccessChange.DropRoles drop) {
      out.writeByte(3);
      out.writeByte(drop.ifExists() ? 1 : 0);
      writeList(out, drop.names());
    } else if (change instanceof AccessChange.GrantRoles grant) {
      out.writeByte(4);
      out.writeByte(grant.isGrant() ? 1 : 0);
      writeList(out, grant.roles());
      writeList(out, grant.members());
    } else if (change instanceof AccessChange.GrantOnTables grant) {
      out.writeByte(5);
      out.writeByte(grant.isGrant() ? 1 : 0);
      out.writeInt(grant.bits());
      writeList(out, grant.tables());
      writeList(out, grant.grantees());
    } else if (change instanceof AccessChange.GrantOnSchema grant) {
      out.writeByte(6);
      out.writeByte(grant.isGrant() ? 1 : 0);
      out.writeInt(grant.bits());
      writeList(out, grant.grantees());
    } else if (change instanceof AccessChange.CreateToken create) {
      out.writeByte(16);
      writeToken(out, create.token());
    } else if (change instanceof AccessChange.DropToken drop) {
      out.writeByte(9);
      out.writeByte(drop.ifExists() ? 1 : 0);
      out.writeUTF(drop.name());
    } else if (change instanceof AccessChange.GrantOnColumns grant) {
      out.writeByte(10);
      out.writeByte(grant.isGrant() ? 1 : 0);
      out.writeInt(grant.bits());
      out.writeUTF(grant.table());
      writeList(out, grant.columns());
      writeList(out, grant.grantees());
    } else if (change instanceof AccessChange.SetRowSecurity security) {
      out.writeByte(11);
      out.writeUTF(security.table());
      out.writeByte(security.isEnabled() ? 1 : 0);
    } else if (change instanceof AccessChange.CreatePolicy create) {
      out.writeByte(12);
      writePolicy(out, create.policy());
    } else if (change instanceof AccessChange.DropPolicy drop) {
      out.writeByte(13);
      out.writeUTF(drop.table());
      out.writeUTF(drop.name());
      out.writeByte(drop.ifExists() ? 1 : 0);
    } else if (change instanceof AccessChange.DefaultPrivileges defaults) {
      out.writeByte(14);
      out.writeByte(defaults.isGrant() ? 1 : 0);
      out.writeUTF(defaults.creator());
      out.writeByte(defaults.inSchema() ? 1 : 0);
      out.writeInt(defaults.bits());
      writeList(out, defaults.grantees());
    } else if (change instanceof AccessChange.SetOwner owner) {
      out.writeByte(7);
      out.writeUTF(owner.table());
      out.writeUTF(owner.owner());
    }
  }

  /**
   * Reads the byte form; anything else (an unknown kind, truncation, trailing bytes) raises
   * DATA_CORRUPTED.
   */
  public static AccessChange decode(byte[] bytes) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      AccessChange change = read(in);
      if (in.available() > 0) {
        throw corrupt("trailing bytes[" + in.available() + "]");
      }
      return change;
    } catch (EOFException e) {
      throw corrupt("truncated");
    } catch (IOException e) {
      throw corrupt(e.toString());
    }
  }

  /** Reads one change written by {@link #write}. */
  static AccessChange read(DataInputStream in) throws IOException {
    int kind = in.readUnsignedByte();
    return switch (kind) {
      case 1 -> new AccessChange.CreateRole(readRole(in));
      case 2 -> new AccessChange.AlterRole(in.readUTF(), readOptions(in));
      case 3 -> {
        boolean ifExists = in.readUnsignedByte() != 0;
        yield new AccessChange.DropRoles(readList(in), ifExists);
      }
      case 4 -> new AccessChange.GrantRoles(in.readUnsignedByte() != 0, readList(in), readList(in));
      case 5 ->
          new AccessChange.GrantOnTables(
              in.readUnsignedByte() != 0, in.readInt(), readList(in), readList(in));
      case 6 ->
          new AccessChange.GrantOnSchema(in.readUnsignedByte() != 0, in.readInt(), readList(in));
      case 7 -> new AccessChange.SetOwner(in.readUTF(), in.readUTF());
      case 8 -> new AccessChange.CreateToken(readToken(in, false, false));
      case 15 -> new AccessChange.CreateToken(readToken(in, true, false));
      case 16 -> new AccessChange.CreateToken(readToken(in, true, true));
      case 14 ->
          new AccessChange.DefaultPrivileges(
              in.readUnsignedByte() != 0,
              in.readUTF(),
              in.readUnsignedByte() != 0,
              in.readInt(),
              readList(in));
      case 11 -> new AccessChange.SetRowSecurity(in.readUTF(), in.readUnsignedByte() != 0);
      case 12 -> new AccessChange.CreatePolicy(readPolicy(in));
      case 13 ->
          new AccessChange.DropPolicy(in.readUTF(), in.readUTF(), in.readUnsignedByte() != 0);
      case 10 ->
          new AccessChange.GrantOnColumns(
              in.readUnsignedByte() != 0, in.readInt(), in.readUTF(), readList(in), readList(in));
      case 9 -> {
        boolean ifExists = in.readUnsignedByte() != 0;
        yield new AccessChange.DropToken(in.readUTF(), ifExists);
      }
      default -> throw corrupt("unknown kind[" + kind + "]");
    };
  }

  private static AuroraException corrupt(String what) {
    return new AuroraException(ErrorCode.DATA_CORRUPTED, "Access control data is corrupt: " + what);
  }

  static void writeRole(DataOutputStream out, Role role) throws IOException {
    out.writeUTF(role.name());
    out.writeByte(
        (role.isSuperuser() ? 1 : 0)
            | (role.canLogin() ? 2 : 0)
            | (role.canCreateRole() ? 4 : 0)
            | (role.canCreateDb() ? 8 : 0)
            | (role.inherits() ? 16 : 0));
    writeNullable(out, role.verifier());
    out.writeLong(role.validUntilMicros());
  }

  static Role readRole(DataInputStream in) throws IOException {
    String name = in.readUTF();
    int flags = in.readUnsignedByte();
    return new Role(
        name,
        (flags & 1) != 0,
        (flags & 2) != 0,
        (flags & 4) != 0,
        (flags & 8) != 0,
        (flags & 16) != 0,
        readNullable(in),
        in.readLong());
  }

  private static void writeOptions(DataOutputStream out, RoleOptions options) throws IOException {
    @Nullable Boolean[] flags = {
      options.superuser(),
      options.login(),
      options.createRole(),
      options.createDb(),
      options.inherit()
    };
    int set = 0;
    int values = 0;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i] != null) {
        set |= 1 << i;
        values |= Boolean.TRUE.equals(flags[i]) ? 1 << i : 0;
      }
    }
    out.writeByte(set);
    out.writeByte(values);
    out.writeByte(options.isPasswordSet() ? 1 : 0);
    writeNullable(out, options.verifier());
    out.writeByte(options.validUntilMicros() != null ? 1 : 0);
    if (options.validUntilMicros() != null) {
      out.writeLong(options.validUntilMicros());
    }
  }

  private static RoleOptions readOptions(DataInputStream in) throws IOException {
    int set = in.readUnsignedByte();
    int values = in.readUnsignedByte();
    @Nullable Boolean[] flags = new Boolean[5];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = (set & 1 << i) != 0 ? (values & 1 << i) != 0 : null;
    }
    boolean isPasswordSet = in.readUnsignedByte() != 0;
    String verifier = readNullable(in);
    Long validUntil = in.readUnsignedByte() != 0 ? in.readLong() : null;
    return new RoleOptions(
        flags[0], flags[1], flags[2], flags[3], flags[4], isPasswordSet, verifier, validUntil);
  }

  private static void writeNullable(DataOutputStream out, @Nullable String text)
      throws IOException {
    out.writeByte(text != null ? 1 : 0);
    if (text != null) {
      out.writeUTF(text);
    }
  }

  private static @Nullable String readNullable(DataInputStream in) throws IOException {
    return in.readUnsignedByte() != 0 ? in.readUTF() : null;
  }

  static void writeList(DataOutputStream out, List<String> names) throws IOException {
    if (names.size() > 0xFFFF) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "A statement may name at most 65535 roles or tables; it names " + names.size());
    }
    out.writeShort(names.size());
    for (String name : names) {
      out.writeUTF(name);
    }
  }

  static List<String> readList(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(in.readUTF());
    }
    return names;
  }

  private static final int STATE_VERSION = 7;

  private static void writePolicy(DataOutputStream out, RowPolicy policy) throws IOException {
    out.writeUTF(policy.name());
    out.writeUTF(policy.table());
    out.writeUTF(policy.command());
    writeList(out, policy.roles());
    writeNullable(out, policy.using());
    writeNullable(out, policy.withCheck());
  }

  private static RowPolicy readPolicy(DataInputStream in) throws IOException {
    try {
      return new RowPolicy(
          in.readUTF(),
          in.readUTF(),
          in.readUTF(),
          readList(in),
          readNullable(in),
          readNullable(in));
    } catch (IllegalArgumentException e) {
      throw corrupt(e.getMessage());
    }
  }

  /** Privilege bits by name, in name order: {@code count:i32 (name:string bits:i32)[count]}. */
  private static void writeBits(DataOutputStream out, Map<String, Integer> bits)
      throws IOException {
    Map<String, Integer> sorted = new TreeMap<>(bits);
    out.writeInt(sorted.size());
    for (Map.Entry<String, Integer> entry : sorted.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue());
    }
  }

  private static Map<String, Integer> readBits(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available()) {
      throw corrupt("count[" + count + "]");
    }
    Map<String, Integer> bits = new HashMap<>();
    for (int i = 0; i < count; i++) {
      bits.put(in.readUTF(), in.readInt());
    }
    return bits;
  }

  /** A token with its rate and endpoints (change kind 16, state version 7). */
  private static void writeToken(DataOutputStream out, ApiToken token) throws IOException {
    out.writeUTF(token.name());
    out.writeUTF(token.role());
    out.writeUTF(token.secretHash());
    out.writeLong(token.createdMicros());
    out.writeLong(token.validUntilMicros());
    out.writeInt(token.requestsPerSecond());
    writeList(out, token.endpoints());
  }

  /** A token as {@link #writeToken} writes it, or an older form without the rate or endpoints. */
  private static ApiToken readToken(DataInputStream in, boolean hasRate, boolean hasEndpoints)
      throws IOException {
    String name = in.readUTF();
    String role = in.readUTF();
    String secretHash = in.readUTF();
    long createdMicros = in.readLong();
    long validUntilMicros = in.readLong();
    int rate = hasRate ? in.readInt() : 0;
    if (rate < 0) {
      throw corrupt("token rate[" + rate + "]");
    }
    List<String> endpoints = hasEndpoints ? readList(in) : List.of();
    return new ApiToken(name, role, secretHash, createdMicros, validUntilMicros, rate, endpoints);
  }

  /** The byte form of a whole state, for the catalog's snapshot. */
  public static byte[] encodeState(AccessState state) {
    return bytesOf(out -> writeState(out, state));
  }

  private static void writeState(DataOutputStream out, AccessState state) throws IOException {
    out.writeByte(STATE_VERSION);
    out.writeInt(state.roles().size());
    for (Role role : state.roles()) {
      writeRole(out, role);
    }
    Map<String, Set<String>> members = new TreeMap<>(state.memberships());
    out.writeInt(members.size());
    for (Map.Entry<String, Set<String>> member : members.entrySet()) {
      out.writeUTF(member.getKey());
      writeList(out, List.copyOf(new TreeSet<>(member.getValue())));
    }
    Set<String> tables = state.tablesWithAccess();
    out.writeInt(tables.size());
    for (String table : tables) {
      out.writeUTF(table);
      writeNullable(out, state.owner(table));
      writeBits(out, state.grantsOn(table));
    }
    writeBits(out, state.schemaGrants());
    out.writeInt(state.tokens().size());
    for (ApiToken token : state.tokens()) {
      writeToken(out, token);
    }
    Set<String> columnTables = state.tablesWithColumnGrants();
    out.writeInt(columnTables.size());
    for (String table : columnTables) {
      out.writeUTF(table);
      Map<String, Map<String, Integer>> columns = state.columnGrantsOn(table);
      out.writeInt(columns.size());
      for (Map.Entry<String, Map<String, Integer>> column : columns.entrySet()) {
        out.writeUTF(column.getKey());
        writeBits(out, column.getValue());
      }
    }
    writeList(out, List.copyOf(state.rowSecurityTables()));
    int policyCount = 0;
    for (String table : state.tablesWithPolicies()) {
      policyCount += state.policiesOf(table).size();
    }
    out.writeInt(policyCount);
    for (String table : state.tablesWithPolicies()) {
      for (RowPolicy policy : state.policiesOf(table)) {
        writePolicy(out, policy);
      }
    }
    Map<String, Map<String, Integer>> defaults = state.defaultGrantsByKey();
    out.writeInt(defaults.size());
    for (Map.Entry<String, Map<String, Integer>> creator : defaults.entrySet()) {
      out.writeUTF(creator.getKey());
      writeBits(out, creator.getValue());
    }
  }

  /** Reads {@link #encodeState}'s form; anything else raises DATA_CORRUPTED. */
  public static AccessState decodeState(byte[] bytes) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      int version = in.readUnsignedByte();
      if (version < 1 || version > STATE_VERSION) {
        throw corrupt("unknown state version[" + version + "]");
      }
      Map<String, Role> roles = new HashMap<>();
      int roleCount = in.readInt();
      for (int i = 0; i < roleCount; i++) {
        Role role = readRole(in);
        roles.put(role.name(), role);
      }
      Map<String, Set<String>> members = new HashMap<>();
      int memberCount = in.readInt();
      for (int i = 0; i < memberCount; i++) {
        members.put(in.readUTF(), Set.copyOf(readList(in)));
      }
      Map<String, String> owners = new HashMap<>();
      Map<String, Map<String, Integer>> grants = new HashMap<>();
      int tableCount = in.readInt();
      for (int i = 0; i < tableCount; i++) {
        String table = in.readUTF();
        String owner = readNullable(in);
        if (owner != null) {
          owners.put(table, owner);
        }
        grants.put(table, readBits(in));
      }
      Map<String, Integer> schema = readBits(in);
      Map<String, ApiToken> tokens = new HashMap<>();
      if (version >= 2) {
        int tokenCount = in.readInt();
        for (int i = 0; i < tokenCount; i++) {
          ApiToken token = readToken(in, version >= 6, version >= 7);
          tokens.put(token.name(), token);
        }
      }
      Map<String, Map<String, Map<String, Integer>>> columnGrants = new HashMap<>();
      if (version >= 3) {
        int columnTableCount = in.readInt();
        for (int i = 0; i < columnTableCount; i++) {
          String table = in.readUTF();
          Map<String, Map<String, Integer>> columns = new HashMap<>();
          int columnCount = in.readInt();
          for (int j = 0; j < columnCount; j++) {
            columns.put(in.readUTF(), readBits(in));
          }
          columnGrants.put(table, columns);
        }
      }
      Set<String> rowSecurity = new HashSet<>();
      Map<String, Map<String, RowPolicy>> policies = new HashMap<>();
      if (version >= 4) {
        rowSecurity.addAll(readList(in));
        int policyCount = in.readInt();
        for (int i = 0; i < policyCount; i++) {
          RowPolicy policy = readPolicy(in);
          policies
              .computeIfAbsent(policy.table(), key -> new HashMap<>())
              .put(policy.name(), policy);
        }
      }
      Map<String, Map<String, Integer>> defaults = new HashMap<>();
      if (version >= 5) {
        int creatorCount = in.readInt();
        for (int i = 0; i < creatorCount; i++) {
          defaults.put(in.readUTF(), readBits(in));
        }
      }
      if (in.available() > 0) {
        throw corrupt("trailing bytes[" + in.available() + "]");
      }
      return AccessState.of(
          roles,
          members,
          grants,
          owners,
          schema,
          tokens,
          columnGrants,
          rowSecurity,
          policies,
          defaults);
    } catch (EOFException e) {
      throw corrupt("truncated");
    } catch (IOException e) {
      throw corrupt(e.toString());
    }
  }
}
