# Run by TestPgClients against a server it started: python3 asyncpg_queries.py <port>.
# asyncpg speaks only the extended protocol with named prepared statements and binary results
# where it can; prints one line per result.
import asyncio
import sys

import asyncpg


async def main(port):
    connection = await asyncpg.connect(host="127.0.0.1", port=port, user="aurora",
                                       database="aurora", ssl=False)
    try:
        rows = await connection.fetch("SELECT id, name FROM events WHERE id >= $1 ORDER BY id", 1)
        print("fetch", [tuple(row) for row in rows])
        statement = await connection.prepare("SELECT count(*) FROM events WHERE name = $1")
        print("prepared", await statement.fetchval("a"), await statement.fetchval("zzz"))
        row = await connection.fetchrow("SELECT $1::int + 1 AS x, $2::text AS t", 41, "hi")
        print("fetchrow", row["x"], row["t"])
        print("types", await connection.fetchval("SELECT ts FROM events WHERE id = 1"),
              await connection.fetchval("SELECT amount FROM events WHERE id = 1"))
        try:
            await connection.fetch("SELECT * FROM missing")
        except asyncpg.PostgresError as e:
            print("error", e.sqlstate)
    finally:
        await connection.close()


asyncio.run(main(int(sys.argv[1])))
