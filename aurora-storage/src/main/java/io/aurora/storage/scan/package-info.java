/**
 * The storage read API: a {@link io.aurora.storage.scan.ScanRequest} (columns and pushed-down
 * predicates) becomes {@link io.aurora.storage.scan.ScanSplit}s that produce filtered pages, while
 * {@link io.aurora.storage.scan.ScanStatistics} counts what was read and skipped.
 */
@NullMarked
package io.aurora.storage.scan;

import org.jspecify.annotations.NullMarked;
