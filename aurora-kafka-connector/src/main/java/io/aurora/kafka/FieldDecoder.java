package io.aurora.kafka;

/**
 * A {@link RecordDecoder} into the staging columns of a pipeline with column mappings ({@link
 * RecordTransform}): the record's fields as text, then the record's row number in its batch, which
 * the pipeline sets before each record.
 */
interface FieldDecoder extends RecordDecoder {
  /** The row number the next decoded record gets. */
  void rowNumber(long number);
}
