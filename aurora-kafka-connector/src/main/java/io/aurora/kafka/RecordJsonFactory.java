package io.aurora.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;

/**
 * Jackson's factory for Kafka record values, which are UTF-8 JSON (RFC 8259 requires UTF-8 between
 * systems): a parser over a record's bytes starts reading at once, where Jackson's own factory
 * first sniffs each input for UTF-16 and UTF-32 (a measurable share of the time of a record of a
 * few hundred bytes). A UTF-8 byte order mark is skipped. Doubles are read with Jackson's fast
 * parser. Nesting deeper than 64 levels is refused.
 */
final class RecordJsonFactory extends JsonFactory {
  private static final long serialVersionUID = 1L;

  static final RecordJsonFactory INSTANCE =
      new RecordJsonFactory(
          (JsonFactoryBuilder)
              JsonFactory.builder()
                  .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(64).build()));

  private RecordJsonFactory(JsonFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected JsonParser _createParser(byte[] data, int offset, int len, IOContext context) {
    int start = offset;
    if (len >= 3
        && data[offset] == (byte) 0xEF
        && data[offset + 1] == (byte) 0xBB
        && data[offset + 2] == (byte) 0xBF) {
      start += 3;
    }
    return new UTF8StreamJsonParser(
        context,
        _parserFeatures,
        null,
        _objectCodec,
        _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
        data,
        start,
        offset + len,
        start - offset,
        false);
  }
}
