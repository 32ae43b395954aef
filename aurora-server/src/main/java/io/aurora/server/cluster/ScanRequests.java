package io.aurora.server.cluster;

import io.aurora.client.internal.ScanPredicate;
import io.aurora.client.internal.ScanShardRequest;
import io.aurora.client.internal.ScanValue;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A {@link ScanRequest} to and from its internal RPC form ({@code aurora.internal.v1}). */
final class ScanRequests {
  private ScanRequests() {}

  static ScanShardRequest toProto(String clusterId, UUID groupId, ScanRequest request) {
    ScanShardRequest.Builder builder =
        ScanShardRequest.newBuilder()
            .setClusterId(clusterId)
            .setGroupId(groupId.toString())
            .addAllColumns(request.columns());
    for (ColumnPredicate predicate : request.predicates()) {
      builder.addPredicates(toProto(predicate));
    }
    return builder.build();
  }

  static ScanRequest fromProto(ScanShardRequest request) {
    List<ColumnPredicate> predicates = new ArrayList<>();
    for (ScanPredicate predicate : request.getPredicatesList()) {
      predicates.add(fromProto(predicate));
    }
    return new ScanRequest(request.getColumnsList(), predicates);
  }

  private static ScanPredicate toProto(ColumnPredicate predicate) {
    ScanPredicate.Builder builder = ScanPredicate.newBuilder().setColumn(predicate.column());
    if (predicate instanceof ColumnPredicate.Comparison comparison) {
      builder.setKind(kind(comparison.operator())).addValues(value(comparison.value()));
    } else if (predicate instanceof ColumnPredicate.Between between) {
      builder
          .setKind(ScanPredicate.Kind.BETWEEN)
          .addValues(value(between.low()))
          .addValues(value(between.high()));
    } else if (predicate instanceof ColumnPredicate.In in) {
      builder.setKind(ScanPredicate.Kind.IN);
      for (Object value : in.values()) {
        builder.addValues(value(value));
      }
    } else if (predicate instanceof ColumnPredicate.IsNull) {
      builder.setKind(ScanPredicate.Kind.IS_NULL);
    } else if (predicate instanceof ColumnPredicate.IsNotNull) {
      builder.setKind(ScanPredicate.Kind.IS_NOT_NULL);
    } else {
      ColumnPredicate.LikePrefix like = (ColumnPredicate.LikePrefix) predicate;
      builder.setKind(ScanPredicate.Kind.LIKE_PREFIX).addValues(value(like.prefix()));
    }
    return builder.build();
  }

  private static ColumnPredicate fromProto(ScanPredicate predicate) {
    String column = predicate.getColumn();
    List<ScanValue> values = predicate.getValuesList();
    return switch (predicate.getKind()) {
      case EQUAL -> comparison(column, ColumnPredicate.Operator.EQUAL, values);
      case NOT_EQUAL -> comparison(column, ColumnPredicate.Operator.NOT_EQUAL, values);
      case LESS_THAN -> comparison(column, ColumnPredicate.Operator.LESS_THAN, values);
      case LESS_THAN_OR_EQUAL ->
          comparison(column, ColumnPredicate.Operator.LESS_THAN_OR_EQUAL, values);
      case GREATER_THAN -> comparison(column, ColumnPredicate.Operator.GREATER_THAN, values);
      case GREATER_THAN_OR_EQUAL ->
          comparison(column, ColumnPredicate.Operator.GREATER_THAN_OR_EQUAL, values);
      case BETWEEN ->
          new ColumnPredicate.Between(
              column, object(value(values, 0, 2)), object(value(values, 1, 2)));
      case IN -> {
        List<Object> objects = new ArrayList<>();
        for (ScanValue value : values) {
          objects.add(object(value));
        }
        yield new ColumnPredicate.In(column, objects);
      }
      case IS_NULL -> new ColumnPredicate.IsNull(column);
      case IS_NOT_NULL -> new ColumnPredicate.IsNotNull(column);
      case LIKE_PREFIX ->
          new ColumnPredicate.LikePrefix(column, value(values, 0, 1).getStringValue());
      case KIND_UNSPECIFIED, UNRECOGNIZED ->
          throw new AuroraException(
              ErrorCode.PROTOCOL_VIOLATION,
              "Scan predicate on column[" + column + "] has no known kind");
    };
  }

  private static ColumnPredicate comparison(
      String column, ColumnPredicate.Operator operator, List<ScanValue> values) {
    return new ColumnPredicate.Comparison(column, operator, object(value(values, 0, 1)));
  }

  private static ScanValue value(List<ScanValue> values, int index, int expected) {
    if (values.size() != expected) {
      throw new AuroraException(
          ErrorCode.PROTOCOL_VIOLATION,
          "Scan predicate has values[" + values.size() + "], expected " + expected);
    }
    return values.get(index);
  }

  private static ScanPredicate.Kind kind(ColumnPredicate.Operator operator) {
    return switch (operator) {
      case EQUAL -> ScanPredicate.Kind.EQUAL;
      case NOT_EQUAL -> ScanPredicate.Kind.NOT_EQUAL;
      case LESS_THAN -> ScanPredicate.Kind.LESS_THAN;
      case LESS_THAN_OR_EQUAL -> ScanPredicate.Kind.LESS_THAN_OR_EQUAL;
      case GREATER_THAN -> ScanPredicate.Kind.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL -> ScanPredicate.Kind.GREATER_THAN_OR_EQUAL;
    };
  }

  private static ScanValue value(Object value) {
    if (value instanceof Long longValue) {
      return ScanValue.newBuilder().setLongValue(longValue).build();
    }
    if (value instanceof Double doubleValue) {
      return ScanValue.newBuilder().setDoubleValue(doubleValue).build();
    }
    if (value instanceof String string) {
      return ScanValue.newBuilder().setStringValue(string).build();
    }
    if (value instanceof Boolean bool) {
      return ScanValue.newBuilder().setBoolValue(bool).build();
    }
    throw new AuroraException(
        ErrorCode.INTERNAL_ERROR,
        "Scan predicate value of type[" + value.getClass().getSimpleName() + "] cannot be sent");
  }

  private static Object object(ScanValue value) {
    return switch (value.getValueCase()) {
      case LONG_VALUE -> value.getLongValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case VALUE_NOT_SET ->
          throw new AuroraException(ErrorCode.PROTOCOL_VIOLATION, "Scan predicate value is empty");
    };
  }
}
