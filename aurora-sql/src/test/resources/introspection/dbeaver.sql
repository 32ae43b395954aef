-- Queries that DBeaver's PostgreSQL plugin sends to fill its navigator, from dbeaver/dbeaver
-- plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model (commit
-- 2428359b). DBeaver binds the schema's oid to "?"; the texts below hold 2200, public's oid, and
-- 'aurora' for the database name.

-- query: dbeaver version
-- PostgreDataSource: the server version, read once per connection.
-- expect: row PostgreSQL 16.0 (Aurora 0.1.0)
SELECT version()

-- query: dbeaver database
-- PostgreDataSource.initialize: the connection's database.
-- expect: row aurora
SELECT current_database()

-- query: dbeaver databases
-- PostgreDataSource: the databases to show, with every column of pg_database.
-- expect: cell aurora
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE 1 = 1

-- query: dbeaver database by name
-- PostgreDatabase.readDatabaseInfo: one database's row.
-- expect: cell aurora
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname='aurora'

-- query: dbeaver schemas
-- PostgreDatabase.SchemaCache: schemas with their comments.
-- expect: cell public
-- expect: cell pg_catalog
SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass

-- query: dbeaver tables of a schema
-- PostgreSchema.TableCache.prepareLookupStatement for servers from 10 on: tables and views.
-- expect: cell events
-- expect: cell metrics
-- expect: cell recent_events
SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr,  pg_catalog.pg_get_partkeydef(c.oid) as partition_key 
FROM pg_catalog.pg_class c
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_class'::regclass
WHERE c.relnamespace=2200 AND c.relkind not in ('i','I','c')

-- query: dbeaver columns of a schema
-- PostgreSchema.TableCache.prepareChildrenStatement: every column of the schema's relations.
-- expect: cell amount
-- expect: cell created
-- expect: cell at
SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description,dep.objid
FROM pg_catalog.pg_attribute a
INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and dep.refobjsubid = a.attnum and dep.classid = dep.refclassid
WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.relnamespace=2200
ORDER BY a.attnum

-- query: dbeaver inheritance
-- PostgreSchema: which tables inherit from which; Aurora has no inheritance.
-- expect: empty
SELECT i.inhrelid relid, pc.relnamespace parent_ns, pc.oid parent_oid, i.inhseqno
FROM pg_catalog.pg_inherits i, pg_class rc, pg_class pc
WHERE rc.oid=i.inhrelid AND rc.relnamespace=2200 AND pc.oid=i.inhparent

-- query: dbeaver constraints
-- PostgreSchema.ConstraintCache: the schema's constraints; Aurora has none.
-- expect: empty
SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace,d.description, case when c.contype='c' then "substring"(pg_get_constraintdef(c.oid), 7) else null end consrc_copy
FROM pg_catalog.pg_constraint c
INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid
LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND d.classoid='pg_constraint'::regclass
WHERE t.relnamespace=2200
ORDER BY c.oid

-- query: dbeaver indexes
-- PostgreSchema.IndexCache: the schema's indexes; Aurora has none.
-- expect: empty
SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,c.reltablespace,tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indpred, i.indrelid) as pred_expr,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr,pg_catalog.pg_relation_size(i.indexrelid) as index_rel_size,pg_catalog.pg_stat_get_numscans(i.indexrelid) as index_num_scans
FROM pg_catalog.pg_index i
INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid
INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid
LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid
WHERE  c.relnamespace=2200 ORDER BY c.relname

-- query: dbeaver data types
-- PostgreDatabase.DataTypeCache: the types DBeaver maps columns to.
-- expect: cell numeric
-- expect: cell timestamp
-- expect: cell varchar
SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name, d.description
FROM pg_catalog.pg_type t
LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem 
LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid
LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid
WHERE t.typname IS NOT NULL
AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')

-- query: dbeaver roles
-- PostgreDatabase.RoleCache: roles with their comments.
-- expect: cell aurora
SELECT a.oid,a.*,pd.description FROM pg_catalog.pg_roles a 
left join pg_catalog.pg_shdescription pd on a.oid = pd.objoid
ORDER BY a.rolname

-- query: dbeaver tablespaces
-- PostgreDatabase.TablespaceCache: tablespaces with their locations.
-- expect: cell pg_default
SELECT t.oid,t.*,pg_tablespace_location(t.oid) loc
FROM pg_catalog.pg_tablespace t 
ORDER BY t.oid

-- query: dbeaver settings
-- PostgreDatabase: the server's settings for the properties page.
-- expect: cell server_version
select * from pg_catalog.pg_settings
