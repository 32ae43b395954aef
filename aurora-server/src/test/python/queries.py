"""Run by TestPgClients against a server it started: python3 queries.py <port>.

Prints one line per result so that the Java test can check them.
"""
import datetime
import io
import sys

import psycopg2


def main():
    connection = psycopg2.connect(
        host="127.0.0.1", port=int(sys.argv[1]), user="aurora", dbname="aurora")
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute(
        "CREATE TABLE py_items (id BIGINT, label VARCHAR, price DOUBLE, day DATE)")
    cursor.execute(
        "INSERT INTO py_items VALUES (%s, %s, %s, %s)",
        (1, "it's", 2.5, datetime.date(2024, 2, 29)))
    cursor.execute(
        "INSERT INTO py_items VALUES (%s, %s, %s, %s)", (2, "plain", None, None))
    cursor.execute(
        "SELECT id, label, price, day FROM py_items WHERE id >= %s ORDER BY id", (1,))
    for row in cursor.fetchall():
        print("row", row[0], row[1], row[2], row[3])
    cursor.execute("SELECT count(*) FROM py_items WHERE label = %s", ("it's",))
    print("count", cursor.fetchone()[0])
    cursor.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_name = %s ORDER BY ordinal_position", ("py_items",))
    for row in cursor.fetchall():
        print("column", row[1], row[2])
    cursor.copy_expert(
        "COPY py_items FROM STDIN WITH (FORMAT csv, HEADER)",
        io.StringIO("id,label,price,day\n3,\"a, b\",1.25,2026-11-26\n4,,,\n"))
    print("copied", cursor.rowcount)
    out = io.StringIO()
    cursor.copy_expert(
        "COPY (SELECT id, label, price FROM py_items WHERE id >= 3 ORDER BY id)"
        " TO STDOUT WITH (FORMAT csv)", out)
    for line in out.getvalue().splitlines():
        print("csv", line)
    try:
        cursor.execute("SELECT * FROM missing_table")
    except psycopg2.Error as e:
        print("error", e.pgcode)
    connection.close()


if __name__ == "__main__":
    main()
