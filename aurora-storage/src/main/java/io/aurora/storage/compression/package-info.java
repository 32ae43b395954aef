/**
 * Block compression codecs for segment files: the persisted {@link
 * io.aurora.storage.compression.Codec} ids and a stateless {@link
 * io.aurora.storage.compression.Compressor} per codec. Decompression checks lengths and reports
 * corrupt input as {@code DATA_CORRUPTED}; callers add the file, column and block to the message.
 */
@NullMarked
package io.aurora.storage.compression;

import org.jspecify.annotations.NullMarked;
