# Run by TestPgClients against a server it started: python3 reflection.py <port>.
# SQLAlchemy 1.4's PostgreSQL dialect reflects a table and a view, runs a query with bound
# parameters, and pandas reads query results into data frames; prints one line per result.
import os
import sys

os.environ["SQLALCHEMY_SILENCE_UBER_WARNING"] = "1"

import pandas  # noqa: E402
import sqlalchemy  # noqa: E402
from sqlalchemy import inspect, text  # noqa: E402

engine = sqlalchemy.create_engine(
    "postgresql+psycopg2://aurora@127.0.0.1:%s/aurora" % sys.argv[1])
with engine.connect() as connection:
    connection.execute(text("CREATE VIEW named_events AS SELECT id, name FROM events"))
inspector = inspect(engine)
print("tables", inspector.get_table_names())
print("views", inspector.get_view_names())
print("columns", [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns("events")])
print("view columns", [(c["name"], str(c["type"])) for c in inspector.get_columns("named_events")])
print("primary key", inspector.get_pk_constraint("events")["constrained_columns"])
print("foreign keys", inspector.get_foreign_keys("events"))
print("indexes", inspector.get_indexes("events"))
print("unique", inspector.get_unique_constraints("events"))
print("schemas", inspector.get_schema_names())
print("has table", inspector.has_table("events"), inspector.has_table("missing"))
events = sqlalchemy.Table("events", sqlalchemy.MetaData(), autoload_with=engine)
with engine.connect() as connection:
    rows = connection.execute(
        text("SELECT id, name FROM events WHERE id >= :low AND name = :name"),
        {"low": 1, "name": "a"}).fetchall()
    print("bound", [tuple(row) for row in rows])
    query = sqlalchemy.select(sqlalchemy.func.count()).select_from(events).where(events.c.id > 0)
    print("core", connection.execute(query).scalar())
frame = pandas.read_sql(
    text("SELECT id, name, ts, amount FROM events WHERE id = :id"), engine, params={"id": 1})
print("pandas", frame.shape, [str(t) for t in frame.dtypes], frame.iloc[0]["name"])
print("pandas table", pandas.read_sql_table("events", engine).shape)
