/**
 * ORDER BY, TOP N and LIMIT operators. Sorting works on row addresses (page index and position
 * packed into a long, see {@link io.aurora.sql.operator.sort.RowAddresses}) over the buffered,
 * immutable input pages, with comparators specialised by physical type, so no row is boxed.
 */
@NullMarked
package io.aurora.sql.operator.sort;

import org.jspecify.annotations.NullMarked;
