/**
 * The types Aurora stores and table definitions at the storage level: {@link
 * io.aurora.storage.type.DataType}, {@link io.aurora.storage.type.ColumnSchema} and {@link
 * io.aurora.storage.type.TableSchema}. Type ids are persisted and never change.
 */
@NullMarked
package io.aurora.storage.type;

import org.jspecify.annotations.NullMarked;
