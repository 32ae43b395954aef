/**
 * The catalog the SQL engine reads and changes: {@link io.aurora.sql.catalog.Catalog} and {@link
 * io.aurora.sql.catalog.Table}, implemented by the node over Raft and by {@link
 * io.aurora.sql.catalog.LocalCatalog} over local storage.
 */
@NullMarked
package io.aurora.sql.catalog;

import org.jspecify.annotations.NullMarked;
