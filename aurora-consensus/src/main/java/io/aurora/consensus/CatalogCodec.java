package io.aurora.consensus;

import io.aurora.sql.access.AccessCodec;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The byte form of a {@link CatalogEntry} in the catalog group's Raft log.
 *
 * <h2>Byte layout (format version 6)</h2>
 *
 * Big-endian; {@code schema}, {@code column} and {@code string} are {@link SchemaCodec}'s.
 *
 * <pre>
 * entry      = magic:"AURC" version:u8 kind:u8 body crc:u32
 * kind 1     = CREATE TABLE:  ifNotExists:u8 name:string schema
 *                             (peerCount:u8 (peerId:string address:string)[peerCount])[shardCount]
 *                             distributionCount:u8 column:string[distributionCount]   (version 2)
 *                             retentionMicros:i64                                     (version 3)
 * kind 2     = DROP TABLE:    ifExists:u8 name:string
 * kind 3     = ADD COLUMN:    table:string column
 * kind 4     = REGISTER NODE: peerId:string nodeId:string raft:string sql:string grpc:string
 * kind 5     = CREATE PIPELINE: ifNotExists:u8 pipeline
 * kind 6     = DROP PIPELINE: ifExists:u8 name:string
 * kind 7     = START/STOP PIPELINE: running:u8 name:string
 * kind 8     = CREATE VIEW:   orReplace:u8 view
 * kind 9     = DROP VIEW:     ifExists:u8 name:string
 * kind 10    = SET RETENTION: table:string retentionMicros:i64                     (version 3)
 * kind 11    = CREATE ENDPOINT: orReplace:u8 endpoint                              (version 4)
 * kind 12    = DROP ENDPOINT: ifExists:u8 name:string                              (version 4)
 * kind 13    = CHANGE ACCESS: length:i32 change:u8[length]                         (version 5)
 * endpoint   = name:string textLength:i32 text:utf8
 * view       = name:string queryLength:i32 query:utf8 columnCount:u16 column[columnCount]
 *              dependencyCount:u16 dependency:string[dependencyCount]
 * pipeline   = name:string brokers:string topic:string table:string format:string
 *              optionCount:u16 (key:string value:string)[optionCount]
 *              mappingCount:u16 (column:string expression:string)[mappingCount]
 *              hasFilter:u8 filter:string[hasFilter] running:u8
 *              hasOwner:u8 owner:string[hasOwner]                                  (version 6)
 * </pre>
 *
 * {@code change} is {@link AccessCodec#encode}'s form of the role, privilege or owner change.
 * {@code crc} is the CRC32C of every byte before it. Kinds 0 and 14-255 are reserved. Versions 1 (a
 * single node's, written before clusters: no distribution columns, no kind 4), 2 (no retention, no
 * kind 10), 3 (no kinds 11 and 12), 4 (no kind 13) and 5 (pipelines without an owner) are read as
 * well. A CREATE entry carries the peers the proposer chose for each shard; the table id and the
 * shard group ids are derived when the entry is applied (see {@link TableDefinition}). An unknown
 * version or kind, a kind newer than its entry's version, a bad checksum, truncation or trailing
 * bytes (also within a kind 13's change) raise {@link AuroraException} with {@link
 * ErrorCode#DATA_CORRUPTED}.
 */
final class CatalogCodec {
  static final int FORMAT_VERSION = 6;
  private static final byte[] MAGIC = {'A', 'U', 'R', 'C'};

  private CatalogCodec() {}

  static byte[] encode(CatalogEntry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(FORMAT_VERSION);
      if (entry instanceof CatalogEntry.Create create) {
        out.writeByte(1);
        out.writeByte(create.ifNotExists() ? 1 : 0);
        SchemaCodec.writeString(out, create.name());
        SchemaCodec.writeSchema(out, create.schema());
        for (List<PeerAddress> peers : create.placement()) {
          out.writeByte(peers.size());
          for (PeerAddress peer : peers) {
            SchemaCodec.writeString(out, peer.id());
            SchemaCodec.writeString(out, peer.address());
          }
        }
        out.writeByte(create.distributionColumns().size());
        for (String column : create.distributionColumns()) {
          SchemaCodec.writeString(out, column);
        }
        out.writeLong(create.retentionMicros());
      } else if (entry instanceof CatalogEntry.SetRetention retention) {
        out.writeByte(10);
        SchemaCodec.writeString(out, retention.table());
        out.writeLong(retention.retentionMicros());
      } else if (entry instanceof CatalogEntry.Drop drop) {
        out.writeByte(2);
        out.writeByte(drop.ifExists() ? 1 : 0);
        SchemaCodec.writeString(out, drop.name());
      } else if (entry instanceof CatalogEntry.AddColumn add) {
        out.writeByte(3);
        SchemaCodec.writeString(out, add.table());
        SchemaCodec.writeColumn(out, add.column());
      } else if (entry instanceof CatalogEntry.RegisterNode register) {
        out.writeByte(4);
        NodeRecord node = register.node();
        SchemaCodec.writeString(out, node.peerId());
        SchemaCodec.writeString(out, node.nodeId());
        SchemaCodec.writeString(out, node.raftAddress());
        SchemaCodec.writeString(out, node.sqlAddress());
        SchemaCodec.writeString(out, node.grpcAddress());
      } else if (entry instanceof CatalogEntry.CreatePipeline create) {
        out.writeByte(5);
        out.writeByte(create.ifNotExists() ? 1 : 0);
        writePipeline(out, create.pipeline());
      } else if (entry instanceof CatalogEntry.DropPipeline drop) {
        out.writeByte(6);
        out.writeByte(drop.ifExists() ? 1 : 0);
        SchemaCodec.writeString(out, drop.name());
      } else if (entry instanceof CatalogEntry.SetPipelineRunning set) {
        out.writeByte(7);
        out.writeByte(set.running() ? 1 : 0);
        SchemaCodec.writeString(out, set.name());
      } else if (entry instanceof CatalogEntry.CreateView create) {
        out.writeByte(8);
        out.writeByte(create.orReplace() ? 1 : 0);
        writeView(out, create.view());
      } else if (entry instanceof CatalogEntry.DropView drop) {
        out.writeByte(9);
        out.writeByte(drop.ifExists() ? 1 : 0);
        SchemaCodec.writeString(out, drop.name());
      } else if (entry instanceof CatalogEntry.CreateEndpoint create) {
        out.writeByte(11);
        out.writeByte(create.orReplace() ? 1 : 0);
        writeEndpoint(out, create.endpoint());
      } else if (entry instanceof CatalogEntry.DropEndpoint drop) {
        out.writeByte(12);
        out.writeByte(drop.ifExists() ? 1 : 0);
        SchemaCodec.writeString(out, drop.name());
      } else if (entry instanceof CatalogEntry.ChangeAccess change) {
        out.writeByte(13);
        byte[] body = AccessCodec.encode(change.change());
        out.writeInt(body.length);
        out.write(body);
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  static CatalogEntry decode(byte[] entry) {
    if (entry.length < MAGIC.length + 2 + 4) {
      throw corrupt("Catalog entry of bytes[" + entry.length + "] is truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(entry, 0, entry.length - 4);
    int stored =
        ((entry[entry.length - 4] & 0xFF) << 24)
            | ((entry[entry.length - 3] & 0xFF) << 16)
            | ((entry[entry.length - 2] & 0xFF) << 8)
            | (entry[entry.length - 1] & 0xFF);
    if ((int) crc.getValue() != stored) {
      throw corrupt("Catalog entry checksum does not match");
    }
    ByteArrayInputStream bytes = new ByteArrayInputStream(entry, 0, entry.length - 4);
    try (DataInputStream in = new DataInputStream(bytes)) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw corrupt("Catalog entry does not start with the magic AURC");
      }
      int version = in.readUnsignedByte();
      if (version < 1 || version > FORMAT_VERSION) {
        throw corrupt("Catalog entry format version[" + version + "] is not supported");
      }
      int kind = in.readUnsignedByte();
      CatalogEntry decoded =
          switch (kind) {
            case 1 -> {
              boolean ifNotExists = in.readUnsignedByte() != 0;
              String name = SchemaCodec.readString(in);
              TableSchema schema = SchemaCodec.readSchema(in);
              List<List<PeerAddress>> placement = new ArrayList<>();
              for (int shard = 0; shard < schema.shardCount(); shard++) {
                int peerCount = in.readUnsignedByte();
                List<PeerAddress> peers = new ArrayList<>(peerCount);
                for (int i = 0; i < peerCount; i++) {
                  peers.add(
                      new PeerAddress(SchemaCodec.readString(in), SchemaCodec.readString(in)));
                }
                placement.add(peers);
              }
              List<String> distribution = new ArrayList<>();
              if (version >= 2) {
                int count = in.readUnsignedByte();
                for (int i = 0; i < count; i++) {
                  distribution.add(SchemaCodec.readString(in));
                }
              }
              long retention = version >= 3 ? in.readLong() : 0;
              yield new CatalogEntry.Create(
                  name, schema, ifNotExists, placement, distribution, retention);
            }
            case 2 -> {
              boolean ifExists = in.readUnsignedByte() != 0;
              yield new CatalogEntry.Drop(SchemaCodec.readString(in), ifExists);
            }
            case 3 ->
                new CatalogEntry.AddColumn(SchemaCodec.readString(in), SchemaCodec.readColumn(in));
            case 4 -> {
              if (version < 2) {
                throw corrupt("Catalog entry kind[4] in format version[" + version + "]");
              }
              yield new CatalogEntry.RegisterNode(
                  new NodeRecord(
                      SchemaCodec.readString(in),
                      SchemaCodec.readString(in),
                      SchemaCodec.readString(in),
                      SchemaCodec.readString(in),
                      SchemaCodec.readString(in)));
            }
            case 5 -> {
              boolean ifNotExists = in.readUnsignedByte() != 0;
              yield new CatalogEntry.CreatePipeline(readPipeline(in, 0, version >= 6), ifNotExists);
            }
            case 6 -> {
              boolean ifExists = in.readUnsignedByte() != 0;
              yield new CatalogEntry.DropPipeline(SchemaCodec.readString(in), ifExists);
            }
            case 7 -> {
              boolean running = in.readUnsignedByte() != 0;
              yield new CatalogEntry.SetPipelineRunning(SchemaCodec.readString(in), running);
            }
            case 8 -> {
              boolean orReplace = in.readUnsignedByte() != 0;
              yield new CatalogEntry.CreateView(readView(in), orReplace);
            }
            case 9 -> {
              boolean ifExists = in.readUnsignedByte() != 0;
              yield new CatalogEntry.DropView(SchemaCodec.readString(in), ifExists);
            }
            case 10 -> {
              if (version < 3) {
                throw corrupt("Catalog entry kind[10] in format version[" + version + "]");
              }
              yield new CatalogEntry.SetRetention(SchemaCodec.readString(in), in.readLong());
            }
            case 11 -> {
              requireVersion(version, 4, kind);
              boolean orReplace = in.readUnsignedByte() != 0;
              yield new CatalogEntry.CreateEndpoint(readEndpoint(in), orReplace);
            }
            case 12 -> {
              requireVersion(version, 4, kind);
              boolean ifExists = in.readUnsignedByte() != 0;
              yield new CatalogEntry.DropEndpoint(SchemaCodec.readString(in), ifExists);
            }
            case 13 -> {
              requireVersion(version, 5, kind);
              int length = in.readInt();
              if (length < 0 || length > in.available()) {
                throw corrupt("Access change of bytes[" + length + "] is truncated");
              }
              byte[] change = new byte[length];
              in.readFully(change);
              // AccessCodec raises DATA_CORRUPTED for bytes it cannot read.
              yield new CatalogEntry.ChangeAccess(AccessCodec.decode(change));
            }
            default -> throw corrupt("Unknown catalog entry kind[" + kind + "]");
          };
      if (bytes.available() > 0) {
        throw corrupt("Catalog entry has leftover bytes[" + bytes.available() + "]");
      }
      return decoded;
    } catch (EOFException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Catalog entry is truncated", e);
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
  }

  private static void requireVersion(int version, int since, int kind) {
    if (version < since) {
      throw corrupt("Catalog entry kind[" + kind + "] in format version[" + version + "]");
    }
  }

  /** An endpoint, as in an entry and in the catalog's snapshot. */
  static void writeEndpoint(DataOutputStream out, EndpointDefinition endpoint) throws IOException {
    SchemaCodec.writeString(out, endpoint.name());
    byte[] text = endpoint.text().getBytes(StandardCharsets.UTF_8);
    out.writeInt(text.length);
    out.write(text);
  }

  static EndpointDefinition readEndpoint(DataInputStream in) throws IOException {
    String name = SchemaCodec.readString(in);
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw corrupt("Endpoint text of bytes[" + length + "] is truncated");
    }
    byte[] text = new byte[length];
    in.readFully(text);
    return new EndpointDefinition(name, new String(text, StandardCharsets.UTF_8));
  }

  /** A view, as in an entry and in the catalog's snapshot. */
  static void writeView(DataOutputStream out, ViewDefinition view) throws IOException {
    SchemaCodec.writeString(out, view.name());
    byte[] query = view.query().getBytes(StandardCharsets.UTF_8);
    out.writeInt(query.length);
    out.write(query);
    out.writeShort(view.columns().size());
    for (ColumnSchema column : view.columns()) {
      SchemaCodec.writeColumn(out, column);
    }
    out.writeShort(view.dependencies().size());
    for (String dependency : view.dependencies()) {
      SchemaCodec.writeString(out, dependency);
    }
  }

  static ViewDefinition readView(DataInputStream in) throws IOException {
    String name = SchemaCodec.readString(in);
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw corrupt("View query of bytes[" + length + "] is truncated");
    }
    byte[] query = new byte[length];
    in.readFully(query);
    int columnCount = in.readUnsignedShort();
    List<ColumnSchema> columns = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      columns.add(SchemaCodec.readColumn(in));
    }
    int dependencyCount = in.readUnsignedShort();
    List<String> dependencies = new ArrayList<>(dependencyCount);
    for (int i = 0; i < dependencyCount; i++) {
      dependencies.add(SchemaCodec.readString(in));
    }
    return new ViewDefinition(
        name, new String(query, StandardCharsets.UTF_8), columns, dependencies);
  }

  /** A pipeline's fields (not its id), as in an entry and in the catalog's snapshot. */
  static void writePipeline(DataOutputStream out, PipelineDefinition pipeline) throws IOException {
    SchemaCodec.writeString(out, pipeline.name());
    SchemaCodec.writeString(out, pipeline.brokers());
    SchemaCodec.writeString(out, pipeline.topic());
    SchemaCodec.writeString(out, pipeline.table());
    SchemaCodec.writeString(out, pipeline.format());
    out.writeShort(pipeline.options().size());
    for (Map.Entry<String, String> option : pipeline.options().entrySet()) {
      SchemaCodec.writeString(out, option.getKey());
      SchemaCodec.writeString(out, option.getValue());
    }
    out.writeShort(pipeline.mappings().size());
    for (Map.Entry<String, String> mapping : pipeline.mappings().entrySet()) {
      SchemaCodec.writeString(out, mapping.getKey());
      SchemaCodec.writeString(out, mapping.getValue());
    }
    out.writeByte(pipeline.filter() == null ? 0 : 1);
    if (pipeline.filter() != null) {
      SchemaCodec.writeString(out, pipeline.filter());
    }
    out.writeByte(pipeline.isRunning() ? 1 : 0);
    out.writeByte(pipeline.owner() == null ? 0 : 1);
    if (pipeline.owner() != null) {
      SchemaCodec.writeString(out, pipeline.owner());
    }
  }

  /**
   * Reads {@link #writePipeline}'s form; {@code hasOwnerField} is false for the forms written
   * before pipelines had owners (entry version 5, snapshot version 7).
   */
  static PipelineDefinition readPipeline(DataInputStream in, long id, boolean hasOwnerField)
      throws IOException {
    String name = SchemaCodec.readString(in);
    String brokers = SchemaCodec.readString(in);
    String topic = SchemaCodec.readString(in);
    String table = SchemaCodec.readString(in);
    String format = SchemaCodec.readString(in);
    int optionCount = in.readUnsignedShort();
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i < optionCount; i++) {
      options.put(SchemaCodec.readString(in), SchemaCodec.readString(in));
    }
    int mappingCount = in.readUnsignedShort();
    Map<String, String> mappings = new java.util.LinkedHashMap<>();
    for (int i = 0; i < mappingCount; i++) {
      mappings.put(SchemaCodec.readString(in), SchemaCodec.readString(in));
    }
    String filter = in.readUnsignedByte() != 0 ? SchemaCodec.readString(in) : null;
    boolean running = in.readUnsignedByte() != 0;
    String owner = hasOwnerField && in.readUnsignedByte() != 0 ? SchemaCodec.readString(in) : null;
    return new PipelineDefinition(
        id, name, brokers, topic, table, format, options, mappings, filter, running, owner);
  }

  private static AuroraException corrupt(String message) {
    return new AuroraException(ErrorCode.DATA_CORRUPTED, message);
  }
}
