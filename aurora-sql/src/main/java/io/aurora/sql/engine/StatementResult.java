package io.aurora.sql.engine;

/**
 * What a statement returns: rows ({@link QueryResult}) or a command tag ({@link CommandResult}).
 */
public sealed interface StatementResult permits QueryResult, CommandResult {}
