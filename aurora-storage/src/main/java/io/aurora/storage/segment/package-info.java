/**
 * Immutable segment files: {@link io.aurora.storage.segment.SegmentWriter} turns pages into a
 * compressed, checksummed column file and {@link io.aurora.storage.segment.SegmentReader} maps one
 * back and decodes its blocks. {@link io.aurora.storage.segment.SegmentFormat} documents the
 * layout.
 */
@NullMarked
package io.aurora.storage.segment;

import org.jspecify.annotations.NullMarked;
