/**
 * Per-column segment indexes: the {@link io.aurora.storage.index.InvertedIndex} (a RoaringBitmap of
 * rows per dictionary id) for low-cardinality columns and the {@link
 * io.aurora.storage.index.BloomFilter} for equality lookups on high-cardinality ones.
 */
@NullMarked
package io.aurora.storage.index;

import org.jspecify.annotations.NullMarked;
