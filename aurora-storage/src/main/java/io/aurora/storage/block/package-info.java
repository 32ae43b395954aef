/**
 * The executor's batch vocabulary: a {@link io.aurora.storage.block.Page} is a set of equal-length
 * column {@link io.aurora.storage.block.Block}s backed by primitive arrays, with an optional
 * selection vector for filtered batches. Storage decodes segments into these and the SQL engine
 * consumes them.
 */
@NullMarked
package io.aurora.storage.block;

import org.jspecify.annotations.NullMarked;
