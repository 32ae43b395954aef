# Run by TestPgClients against a server it started: python3 prepared.py <port>.
# psycopg 3 binds parameters on the server (extended protocol) and, with prepare=True, keeps a named
# prepared statement; prints one line per result so that the Java test can check them.
import sys

import psycopg

with psycopg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="aurora",
                     dbname="aurora", autocommit=True) as connection:
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE py_items (id BIGINT, label VARCHAR, price DOUBLE)")
    for i in range(1, 21):
        cursor.execute("INSERT INTO py_items VALUES (%s, %s, %s)", (i, "item-%d" % (i % 4), i * 0.5))
    total = 0
    for i in range(1, 21):
        cursor.execute("SELECT count(*), sum(price) FROM py_items WHERE id <= %s AND label <> %s",
                       (i, "item-0"), prepare=True)
        count, price = cursor.fetchone()
        total += count
    print("counts", total)
    cursor.execute("SELECT label, count(*) FROM py_items WHERE price > %s GROUP BY label ORDER BY label",
                   (5.0,), prepare=True)
    print("groups", cursor.fetchall())
    cursor.execute("SELECT id, label FROM py_items WHERE id = %s", (3,), prepare=True)
    print("before", cursor.fetchall())
    cursor.execute("ALTER TABLE py_items ADD COLUMN note VARCHAR")
    cursor.execute("INSERT INTO py_items VALUES (%s, %s, %s, %s)", (100, "late", 9.0, "added"))
    cursor.execute("SELECT id, label FROM py_items WHERE id = %s", (100,), prepare=True)
    print("after", cursor.fetchall())
    try:
        cursor.execute("SELECT id, label FROM py_items WHERE id = %s", ("three",), prepare=True)
    except psycopg.Error as e:
        print("error", e.sqlstate)
