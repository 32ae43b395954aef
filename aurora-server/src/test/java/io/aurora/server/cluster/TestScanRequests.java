package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.client.internal.ScanPredicate;
import io.aurora.client.internal.ScanShardRequest;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
import io.aurora.storage.scan.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A scan request survives its trip to another node: every predicate kind and value type. */
class TestScanRequests {
  private static final UUID GROUP = UUID.fromString("6d0d7814-97d1-3c34-b87b-53fb004ab650");

  @Test
  void roundTripsEveryPredicateKindAndValueType() throws Exception {
    List<ColumnPredicate> predicates = new ArrayList<>();
    for (Operator operator : Operator.values()) {
      predicates.add(new ColumnPredicate.Comparison("id", operator, -42L));
    }
    predicates.add(new ColumnPredicate.Comparison("price", Operator.LESS_THAN, Double.NaN));
    predicates.add(new ColumnPredicate.Comparison("price", Operator.GREATER_THAN, -0.0));
    predicates.add(new ColumnPredicate.Comparison("flag", Operator.EQUAL, true));
    predicates.add(new ColumnPredicate.Between("ts", Long.MIN_VALUE, Long.MAX_VALUE));
    predicates.add(new ColumnPredicate.Between("name", "a", "zz"));
    predicates.add(new ColumnPredicate.In("name", List.of("", "é", "x\u0000y")));
    predicates.add(new ColumnPredicate.In("id", List.of(1L, 2L, 3L)));
    predicates.add(new ColumnPredicate.IsNull("name"));
    predicates.add(new ColumnPredicate.IsNotNull("id"));
    predicates.add(new ColumnPredicate.LikePrefix("url", "http://"));
    ScanRequest request = new ScanRequest(List.of("id", "name", "ts"), predicates);

    ScanShardRequest proto = ScanRequests.toProto("cluster-1", GROUP, request);
    assertThat(proto.getClusterId()).isEqualTo("cluster-1");
    assertThat(proto.getGroupId()).isEqualTo(GROUP.toString());
    ScanRequest decoded = ScanRequests.fromProto(ScanShardRequest.parseFrom(proto.toByteArray()));
    assertThat(decoded.columns()).isEqualTo(request.columns());
    assertThat(decoded.predicates()).hasSameSizeAs(predicates);
    for (int i = 0; i < predicates.size(); i++) {
      // Double.NaN and -0.0 compare by their bits in records' equals, so the values survive
      // exactly.
      assertThat(decoded.predicates().get(i)).isEqualTo(predicates.get(i));
    }
  }

  @Test
  void refusesMalformedPredicates() {
    ScanShardRequest unknownKind =
        ScanShardRequest.newBuilder()
            .setGroupId(GROUP.toString())
            .addPredicates(ScanPredicate.newBuilder().setColumn("id"))
            .build();
    assertThatThrownBy(() -> ScanRequests.fromProto(unknownKind))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION))
        .hasMessageContaining("column[id]");
    ScanShardRequest missingValue =
        ScanShardRequest.newBuilder()
            .setGroupId(GROUP.toString())
            .addPredicates(
                ScanPredicate.newBuilder().setColumn("id").setKind(ScanPredicate.Kind.BETWEEN))
            .build();
    assertThatThrownBy(() -> ScanRequests.fromProto(missingValue))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION))
        .hasMessageContaining("values[0], expected 2");
  }
}
