-- Queries that Metabase's PostgreSQL driver sends while syncing a database, from metabase/metabase
-- src/metabase/driver/postgres.clj (commit 370249b5). The rest of its sync goes through pgjdbc's
-- DatabaseMetaData, whose queries TestSystemSchemas covers, and its "show timezone" is a session
-- statement that aurora-server's pgwire SessionStatements answers, not SqlEngine.

-- query: metabase enum types
-- enum-types, before describe-table: which column types are enums; Aurora has none.
-- expect: empty
SELECT nspname, typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid IN (SELECT DISTINCT enumtypid FROM pg_enum e)

-- query: metabase table privileges
-- sql-jdbc.sync/current-user-table-privileges: which tables and views the user may read and write.
-- expect: row null|public|events|true|true|true|true
-- expect: row null|public|recent_events|true|true|true|true
with table_privileges as (
 select
   NULL as role,
   t.schemaname as schema,
   t.objectname as table,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'update') as update,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'select') as select,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'insert') as insert,
   pg_catalog.has_table_privilege(current_user, '"' || t.schemaname || '"' || '.' || '"' || t.objectname || '"',  'delete') as delete
 from (
   select schemaname, tablename as objectname from pg_catalog.pg_tables
   union
   select schemaname, viewname as objectname from pg_catalog.pg_views
   union
   select schemaname, matviewname as objectname from pg_catalog.pg_matviews
 ) t
 where t.schemaname !~ '^pg_'
   and t.schemaname <> 'information_schema'
   and pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')
)
select t.*
from table_privileges t
