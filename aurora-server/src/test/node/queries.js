// Run by TestPgClients against a server it started: node queries.js <port>.
// Prints one line per result so that the Java test can check them.
'use strict';
const { Client } = require('pg');

async function main() {
  const client = new Client({
    host: '127.0.0.1',
    port: Number(process.argv[2]),
    user: 'aurora',
    database: 'aurora',
  });
  await client.connect();
  try {
    await client.query('CREATE TABLE node_items (id BIGINT, label VARCHAR, price DOUBLE)');
    await client.query('INSERT INTO node_items VALUES ($1, $2, $3)', [1, 'apple', 1.5]);
    await client.query('INSERT INTO node_items VALUES ($1, $2, $3)', [2, 'pear', null]);
    const selected = await client.query(
      'SELECT id, label, price FROM node_items WHERE id >= $1 AND label <> $2 ORDER BY id',
      [1, 'none']);
    for (const row of selected.rows) {
      console.log(`row ${row.id} ${row.label} ${row.price}`);
    }
    const multi = await client.query(
      "SELECT count(*) AS n FROM node_items; SELECT label FROM node_items WHERE label ~ '^p'");
    console.log(`multi ${multi.length} ${multi[0].rows[0].n} ${multi[1].rows[0].label}`);
    const version = await client.query('SELECT version() AS v, current_database() AS d');
    console.log(`version ${version.rows[0].v.split(' ')[0]} ${version.rows[0].d}`);
    try {
      await client.query('SELECT * FROM missing_table');
    } catch (e) {
      console.log(`error ${e.code}`);
    }
  } finally {
    await client.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
