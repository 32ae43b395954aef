package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessCodec;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.ApiToken;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.Role;
import io.aurora.sql.access.RoleOptions;
import io.aurora.sql.access.RowPolicy;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestCatalogCodec {
  private static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("flag", DataType.BOOLEAN),
              ColumnSchema.of("small", DataType.SMALLINT),
              ColumnSchema.of("i", DataType.INTEGER),
              ColumnSchema.of("r", DataType.REAL),
              ColumnSchema.of("d", DataType.DOUBLE),
              ColumnSchema.of("price", DataType.decimal(12, 3)),
              ColumnSchema.of("name", DataType.VARCHAR),
              ColumnSchema.of("day", DataType.DATE),
              ColumnSchema.of("Zürich 東京", DataType.VARCHAR)),
          "ts",
          PartitionGranularity.MONTH,
          List.of("name", "id"),
          3);
  private static final List<List<PeerAddress>> PLACEMENT =
      List.of(
          List.of(new PeerAddress("node-a", "10.0.0.1:9091")),
          List.of(new PeerAddress("node-a", "10.0.0.1:9091"), new PeerAddress("node-b", "b:9091")),
          List.of());

  @Test
  void roundTripsEveryEntryKind() {
    List<CatalogEntry> entries =
        List.of(
            new CatalogEntry.Create(
                "events", SCHEMA, false, PLACEMENT, List.of("ts"), 86_400_000_000L * 30),
            new CatalogEntry.Create(
                "plain", TableSchema.of(SCHEMA.columns()), true, List.of(List.of()), List.of(), 0),
            new CatalogEntry.SetRetention("events", 3_600_000_000L),
            new CatalogEntry.SetRetention("events", 0),
            new CatalogEntry.RegisterNode(
                new NodeRecord("127.0.0.1_7001", "node1", "127.0.0.1:7001", "h:5433", "h:9090")),
            new CatalogEntry.Drop("events", true),
            new CatalogEntry.Drop("plain", false),
            new CatalogEntry.AddColumn("events", ColumnSchema.of("note", DataType.decimal(18, 0))),
            new CatalogEntry.CreateView(
                new ViewDefinition(
                    "daily",
                    "SELECT day, count(*) AS n FROM events -- Zürich 東京\nGROUP BY day",
                    List.of(
                        ColumnSchema.of("day", DataType.DATE),
                        ColumnSchema.of("n", DataType.BIGINT)),
                    List.of("events")),
                true),
            new CatalogEntry.DropView("daily", false),
            new CatalogEntry.CreateEndpoint(
                new EndpointDefinition(
                    "top_pages",
                    "SELECT page FROM events WHERE day = {day:DATE} -- 東京 '{not:INT}'"),
                true),
            new CatalogEntry.CreateEndpoint(new EndpointDefinition("plain", "SELECT 1"), false),
            new CatalogEntry.DropEndpoint("top_pages", true),
            new CatalogEntry.CreatePipeline(pipeline("alice"), false),
            new CatalogEntry.CreatePipeline(pipeline(null), true),
            new CatalogEntry.DropPipeline("clicks_in", true),
            new CatalogEntry.SetPipelineRunning("clicks_in", false));
    for (CatalogEntry entry : entries) {
      assertThat(CatalogCodec.decode(CatalogCodec.encode(entry))).isEqualTo(entry);
    }
  }

  private static PipelineDefinition pipeline(String owner) {
    return new PipelineDefinition(
        0,
        "clicks_in",
        "127.0.0.1:9092",
        "clicks",
        "events",
        "JSON",
        Map.of("batch_max_rows", "1000"),
        Map.of("ts", "to_timestamp(event_time)", "user_id", "\"user\".id"),
        "type <> 'heartbeat'",
        true,
        owner);
  }

  /** A version 5 pipeline (written before pipelines had owners) reads with no owner. */
  @Test
  void readsAPipelineOfFormatVersion5WithoutAnOwner() {
    byte[] current = CatalogCodec.encode(new CatalogEntry.CreatePipeline(pipeline(null), false));
    // The version 6 body ends in the owner's absent flag (one zero byte) before the checksum;
    // version 5's body is the same without it.
    byte[] body = Arrays.copyOfRange(current, 6, current.length - 5);
    assertThat(current[current.length - 5]).isZero();
    byte[] old = frame(5, 5, body);
    assertThat(CatalogCodec.decode(old))
        .isEqualTo(new CatalogEntry.CreatePipeline(pipeline(null), false));
    byte[] withOwner = CatalogCodec.encode(new CatalogEntry.CreatePipeline(pipeline("a"), false));
    assertCorrupt(frame(5, 5, Arrays.copyOfRange(withOwner, 6, withOwner.length - 4)));
  }

  /** An entry of that version and kind with the given body, and its checksum. */
  private static byte[] frame(int version, int kind, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'A', 'U', 'R', 'C'});
      out.writeByte(version);
      out.writeByte(kind);
      out.write(body);
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  static final String VERIFIER =
      "SCRAM-SHA-256$4096:c2FsdDEyMzQ1Njc4OTAxMg==$c3RvcmVkS2V5:c2VydmVyS2V5";

  /** One change of each kind, with and without a verifier and with options set and unset. */
  static final List<AccessChange> ACCESS_CHANGES =
      List.of(
          new AccessChange.CreateRole(
              new Role("alice", false, true, true, false, true, VERIFIER, 1_800_000_000_000_000L)),
          new AccessChange.CreateRole(Role.of("Zürich 東京")),
          new AccessChange.AlterRole(
              "alice",
              new RoleOptions(
                  true, null, false, null, null, true, VERIFIER, 1_700_000_000_000_000L)),
          new AccessChange.AlterRole(
              "alice", new RoleOptions(null, false, null, true, false, true, null, null)),
          new AccessChange.AlterRole("alice", RoleOptions.NONE),
          new AccessChange.DropRoles(List.of("alice", "bob"), true),
          new AccessChange.DropRoles(List.of("carol"), false),
          new AccessChange.GrantRoles(true, List.of("readers", "writers"), List.of("alice")),
          new AccessChange.GrantRoles(false, List.of("readers"), List.of("alice", "bob")),
          new AccessChange.GrantOnTables(
              true,
              Privilege.SELECT.bit() | Privilege.INSERT.bit(),
              List.of("events", "other"),
              List.of(AccessState.PUBLIC, "alice")),
          new AccessChange.GrantOnTables(
              false, Privilege.allTableBits(), List.of("events"), List.of("alice")),
          new AccessChange.GrantOnSchema(true, Privilege.CREATE.bit(), List.of("alice")),
          new AccessChange.GrantOnSchema(
              false, Privilege.allSchemaBits(), List.of(AccessState.PUBLIC)),
          new AccessChange.SetOwner("events", "alice"),
          new AccessChange.CreateToken(
              new ApiToken("ci", "alice", "0f" + VERIFIER.length(), 1_000, 2_000, 25)),
          new AccessChange.DropToken("ci", true),
          new AccessChange.GrantOnColumns(
              true, Privilege.SELECT.bit(), "events", List.of("a", "b"), List.of("alice")),
          new AccessChange.SetRowSecurity("events", true),
          new AccessChange.CreatePolicy(
              new RowPolicy(
                  "mine", "events", "ALL", List.of("alice"), "owner = current_user", null)),
          new AccessChange.DropPolicy("events", "mine", false),
          new AccessChange.DefaultPrivileges(
              true, "alice", true, Privilege.SELECT.bit(), List.of(AccessState.PUBLIC)));

  @Test
  void roundTripsEveryAccessChange() {
    for (AccessChange change : ACCESS_CHANGES) {
      CatalogEntry entry = new CatalogEntry.ChangeAccess(change);
      assertThat(CatalogCodec.decode(CatalogCodec.encode(entry))).isEqualTo(entry);
    }
  }

  @Test
  void readsAnAccessChangeOnlyFromFormatVersion5() {
    byte[] change = AccessCodec.encode(ACCESS_CHANGES.get(0));
    // The frames below are built as the layout says, with a valid checksum, so only what is
    // checked inside them can fail; the codec writes exactly this frame.
    assertThat(CatalogCodec.encode(new CatalogEntry.ChangeAccess(ACCESS_CHANGES.get(0))))
        .isEqualTo(entry(CatalogCodec.FORMAT_VERSION, 13, change.length, change));
    assertThatThrownBy(() -> CatalogCodec.decode(entry(4, 13, change.length, change)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED))
        .hasMessageContaining("kind[13] in format version[4]");
    assertThat(CatalogCodec.decode(entry(5, 13, change.length, change)))
        .isEqualTo(new CatalogEntry.ChangeAccess(ACCESS_CHANGES.get(0)));
    assertCorrupt(entry(CatalogCodec.FORMAT_VERSION + 1, 13, change.length, change));
    // The change's own bytes: a trailing byte, a missing one, an unknown kind, a bad length.
    byte[] trailing = Arrays.copyOf(change, change.length + 1);
    assertCorrupt(entry(5, 13, trailing.length, trailing));
    byte[] truncated = Arrays.copyOf(change, change.length - 1);
    assertCorrupt(entry(5, 13, truncated.length, truncated));
    byte[] unknownKind = change.clone();
    unknownKind[0] = 99;
    assertCorrupt(entry(5, 13, unknownKind.length, unknownKind));
    assertCorrupt(entry(5, 13, change.length + 1, change));
    assertCorrupt(entry(5, 13, -1, change));
  }

  /** An entry of that version and kind with the given body length and body, and its checksum. */
  private static byte[] entry(int version, int kind, int length, byte[] body) {
    return frame(
        version,
        kind,
        java.nio.ByteBuffer.allocate(4 + body.length).putInt(length).put(body).array());
  }

  @Test
  void detectsEveryFlippedByteAndTruncation() {
    byte[] entry =
        CatalogCodec.encode(
            new CatalogEntry.Create("events", SCHEMA, false, PLACEMENT, List.of(), 0));
    for (int i = 0; i < entry.length; i++) {
      byte[] corrupt = entry.clone();
      corrupt[i] ^= 0x04;
      assertCorrupt(corrupt);
    }
    for (int length = 0; length < entry.length; length++) {
      assertCorrupt(Arrays.copyOf(entry, length));
    }
  }

  @Test
  void roundTripsShardSchemaFiles(@TempDir Path directory) throws IOException {
    Path file = directory.resolve(ShardStateMachine.SCHEMA_FILE);
    ShardStateMachine.writeSchemaFile(file, SCHEMA);
    assertThat(ShardStateMachine.readSchemaFile(file)).isEqualTo(SCHEMA);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> ShardStateMachine.readSchemaFile(file))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
  }

  private static void assertCorrupt(byte[] entry) {
    assertThatThrownBy(() -> CatalogCodec.decode(entry))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
  }
}
