/**
 * Aurora's error vocabulary: {@link io.aurora.storage.error.AuroraException} and the {@link
 * io.aurora.storage.error.ErrorCode} table that maps each error to a PostgreSQL SQLSTATE. It lives
 * in the bottom module so that every other module throws the same type.
 */
@NullMarked
package io.aurora.storage.error;

import org.jspecify.annotations.NullMarked;
