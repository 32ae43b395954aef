/**
 * Column encodings for segment blocks: {@link io.aurora.storage.encoding.ColumnEncoder} picks the
 * smallest {@link io.aurora.storage.encoding.Encoding} for a block and writes it with its null
 * mask, and {@link io.aurora.storage.encoding.ColumnDecoder} turns the bytes back into a block. The
 * byte layouts are a persisted format, documented on {@link io.aurora.storage.encoding.Encoding}.
 */
@NullMarked
package io.aurora.storage.encoding;

import org.jspecify.annotations.NullMarked;
