package io.aurora.kafka;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's settings, read from the options of {@code CREATE PIPELINE ... WITH (...)}:
 *
 * <ul>
 *   <li>{@code start}: where a pipeline with no committed offsets begins: {@code earliest}
 *       (default, so events already in the topic are not lost), {@code latest}, or an ISO-8601
 *       instant such as {@code 2026-12-01T00:00:00Z} (the first offset at or after it).
 *   <li>{@code batch_max_records} (default 10000): records per batch at most.
 *   <li>{@code batch_max_latency_ms} (default 50): how long a poll waits for records; a batch is
 *       written as soon as a poll returns, so this bounds the time a record waits.
 *   <li>{@code max_error_ratio} (default 0.5): the pipeline fails, visibly, when more than this
 *       share of a batch of at least 100 records is bad (a wrong FORMAT, a changed producer);
 *       otherwise bad records go to the dead-letter table and the pipeline goes on. 1 never fails.
 *   <li>{@code kafka_timeout_ms} (default 30000): how long Kafka may be unreachable before the
 *       pipeline shows as failed; it keeps retrying and runs again when Kafka is back.
 *   <li>{@code csv_delimiter} (default {@code ,}).
 *   <li>{@code csv_columns}: the names of a CSV record's fields, in order, separated by commas, for
 *       column mappings and WHERE to read them by (default: the table's column names, the order a
 *       CSV record has without mappings).
 *   <li>FORMAT AVRO takes exactly one of {@code schema_registry_url} (Confluent's wire format,
 *       schemas fetched from the registry by id; {@code schema_registry_auth} is {@code
 *       user:password} for basic authentication) and {@code avro_schema} (plain Avro binary records
 *       written with this schema, given as its JSON).
 *   <li>{@code kafka.*}: passed to the Kafka consumer without the prefix, e.g. {@code
 *       kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config},
 *       {@code kafka.ssl.truststore.location}. The settings exactly once depends on ({@code
 *       isolation.level}, {@code enable.auto.commit}, deserializers) cannot be overridden. The
 *       consumer group ({@code kafka.group.id}, default {@code aurora-pipeline-<name>}) gets the
 *       committed offsets for monitoring tools only; the pipeline never reads them back.
 * </ul>
 */
public record PipelineConfig(
    String bootstrapServers,
    String topic,
    RecordFormat format,
    StartPosition start,
    @Nullable Instant startTime,
    int batchMaxRecords,
    Duration batchMaxLatency,
    double maxErrorRatio,
    Duration kafkaTimeout,
    char csvDelimiter,
    List<String> csvColumns,
    @Nullable String avroSchema,
    @Nullable String schemaRegistryUrl,
    @Nullable String schemaRegistryAuth,
    Map<String, String> kafkaProperties) {

  /** The record formats of {@code FORMAT}. */
  public enum RecordFormat {
    JSON,
    CSV,
    AVRO
  }

  /** Where a pipeline with no committed offsets starts reading. */
  public enum StartPosition {
    EARLIEST,
    LATEST,
    TIMESTAMP
  }

  public PipelineConfig {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(format, "format is null");
    requireNonNull(start, "start is null");
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  private static final java.util.Set<String> RESERVED =
      java.util.Set.of(
          "isolation.level",
          "enable.auto.commit",
          "key.deserializer",
          "value.deserializer",
          "bootstrap.servers");

  /**
   * Reads the options of a pipeline; an unknown option, or a value out of range, fails with 22023
   * naming it.
   */
  public static PipelineConfig of(
      String bootstrapServers, String topic, String format, Map<String, String> options) {
    RecordFormat recordFormat;
    try {
      recordFormat = RecordFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("FORMAT " + format + " is not one of JSON, CSV, AVRO");
    }
    StartPosition start = StartPosition.EARLIEST;
    Instant startTime = null;
    int batchMaxRecords = 10_000;
    Duration latency = Duration.ofMillis(50);
    double maxErrorRatio = 0.5;
    Duration kafkaTimeout = Duration.ofSeconds(30);
    char delimiter = ',';
    List<String> csvColumns = List.of();
    String avroSchema = null;
    String registryUrl = null;
    String registryAuth = null;
    Map<String, String> kafka = new TreeMap<>();
    for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
      String key = option.getKey().toLowerCase(Locale.ROOT);
      String value = option.getValue();
      if (key.startsWith("kafka.")) {
        String property = option.getKey().substring("kafka.".length());
        if (RESERVED.contains(property)) {
          throw invalid("option " + key + " cannot be set: pipelines need their own value");
        }
        kafka.put(property, value);
        continue;
      }
      switch (key) {
        case "start" -> {
          switch (value.toLowerCase(Locale.ROOT)) {
            case "earliest" -> start = StartPosition.EARLIEST;
            case "latest" -> start = StartPosition.LATEST;
            default -> {
              try {
                startTime = Instant.parse(value);
                start = StartPosition.TIMESTAMP;
              } catch (DateTimeParseException e) {
                throw invalid(
                    "option start must be earliest, latest or an ISO-8601 instant, not " + value);
              }
            }
          }
        }
        case "batch_max_records" -> batchMaxRecords = (int) number(key, value, 1, 1_000_000);
        case "batch_max_latency_ms" -> latency = Duration.ofMillis(number(key, value, 1, 60_000));
        case "kafka_timeout_ms" ->
            kafkaTimeout = Duration.ofMillis(number(key, value, 1_000, 86_400_000));
        case "max_error_ratio" -> {
          try {
            maxErrorRatio = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            maxErrorRatio = -1;
          }
          if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            throw invalid("option max_error_ratio must be between 0 and 1, not " + value);
          }
        }
        case "csv_delimiter" -> {
          if (value.length() != 1) {
            throw invalid("option csv_delimiter must be one character, not '" + value + "'");
          }
          delimiter = value.charAt(0);
        }
        case "csv_columns" -> {
          List<String> names = new ArrayList<>();
          for (String name : value.split(",", -1)) {
            String field = name.strip().toLowerCase(Locale.ROOT);
            if (field.isEmpty() || names.contains(field)) {
              throw invalid(
                  "option csv_columns must name each field once, separated by commas, not '"
                      + value
                      + "'");
            }
            names.add(field);
          }
          csvColumns = List.copyOf(names);
        }
        case "avro_schema" -> {
          AvroRecordDecoder.parseSchema(value);
          avroSchema = value;
        }
        case "schema_registry_url" -> {
          if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw invalid("option schema_registry_url must be an http:// or https:// URL");
          }
          registryUrl = value;
        }
        case "schema_registry_auth" -> registryAuth = value;
        default -> throw invalid("unknown pipeline option " + option.getKey());
      }
    }
    if (recordFormat == RecordFormat.AVRO && (avroSchema == null) == (registryUrl == null)) {
      throw invalid(
          "FORMAT AVRO needs exactly one of the options schema_registry_url, avro_schema");
    }
    if (recordFormat != RecordFormat.AVRO && (avroSchema != null || registryUrl != null)) {
      throw invalid("options avro_schema and schema_registry_url are for FORMAT AVRO only");
    }
    if (recordFormat != RecordFormat.CSV && !csvColumns.isEmpty()) {
      throw invalid("option csv_columns is for FORMAT CSV only");
    }
    return new PipelineConfig(
        bootstrapServers,
        topic,
        recordFormat,
        start,
        startTime,
        batchMaxRecords,
        latency,
        maxErrorRatio,
        kafkaTimeout,
        delimiter,
        csvColumns,
        avroSchema,
        registryUrl,
        registryAuth,
        kafka);
  }

  /** The consumer's properties: the user's {@code kafka.*} plus what exactly once requires. */
  Properties consumerProperties(String clientId) {
    Properties properties = new Properties();
    properties.putAll(kafkaProperties);
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("isolation.level", "read_committed");
    properties.put("enable.auto.commit", "false");
    properties.putIfAbsent("client.id", clientId);
    // Offsets are committed to this group for monitoring tools only (kafka-consumer-groups,
    // Burrow); the pipeline never reads them: the tables hold the offsets it resumes from.
    properties.putIfAbsent("group.id", clientId);
    properties.put("max.poll.records", Integer.toString(batchMaxRecords));
    properties.put(
        "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    properties.put(
        "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return properties;
  }

  /** A decoder of this format for rows of the target table. */
  RecordDecoder decoder(io.aurora.storage.type.TableSchema schema) {
    return switch (format) {
      case JSON -> new JsonRecordDecoder(schema);
      case CSV -> CsvRecordDecoder.columns(csvDelimiter, schema.columnCount());
      case AVRO ->
          schemaRegistryUrl != null
              ? AvroRecordDecoder.confluent(
                  schema, new SchemaRegistry(schemaRegistryUrl, schemaRegistryAuth))
              : AvroRecordDecoder.inline(
                  schema,
                  AvroRecordDecoder.parseSchema(java.util.Objects.requireNonNull(avroSchema)));
    };
  }

  /**
   * A decoder of this format into the staging columns of a pipeline with column mappings: the
   * {@code fields} (lower case, nested JSON and Avro fields by their dotted path) as text, then the
   * record's row number. A field a record does not have is NULL.
   */
  FieldDecoder fieldDecoder(io.aurora.storage.type.TableSchema schema, List<String> fields) {
    return switch (format) {
      case JSON -> new JsonFieldDecoder(fields);
      case CSV -> {
        List<String> names = csvColumns;
        if (names.isEmpty()) {
          names = new ArrayList<>();
          for (io.aurora.storage.type.ColumnSchema column : schema.columns()) {
            names.add(column.name().toLowerCase(Locale.ROOT));
          }
        }
        yield CsvRecordDecoder.fields(csvDelimiter, names, fields);
      }
      case AVRO ->
          schemaRegistryUrl != null
              ? AvroRecordDecoder.confluentFields(
                  fields, new SchemaRegistry(schemaRegistryUrl, schemaRegistryAuth))
              : AvroRecordDecoder.inlineFields(
                  fields,
                  AvroRecordDecoder.parseSchema(java.util.Objects.requireNonNull(avroSchema)));
    };
  }

  private static long number(String key, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw invalid("option " + key + " must be a number, not " + value);
    }
    if (parsed < min || parsed > max) {
      throw invalid("option " + key + " must be between " + min + " and " + max);
    }
    return parsed;
  }

  private static AuroraException invalid(String message) {
    return new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
