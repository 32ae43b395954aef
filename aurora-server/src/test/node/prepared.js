// Run by TestPgClients against a server it started: node prepared.js <port>.
// Named prepared statements of node-postgres, executed many times, then after ALTER TABLE ADD
// COLUMN; prints one line per result so that the Java test can check them.
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
    await client.query('CREATE TABLE node_prepared (id BIGINT, label VARCHAR)');
    for (let i = 1; i <= 20; i++) {
      await client.query('INSERT INTO node_prepared VALUES ($1, $2)', [i, `label-${i % 3}`]);
    }
    let total = 0;
    for (let i = 1; i <= 20; i++) {
      const result = await client.query({
        name: 'below',
        text: 'SELECT count(*) AS n FROM node_prepared WHERE id <= $1 AND label = $2',
        values: [i, 'label-1'],
      });
      total += Number(result.rows[0].n);
    }
    console.log(`counts ${total}`);
    const star = { name: 'star', text: 'SELECT * FROM node_prepared WHERE id = $1', values: [2] };
    console.log(`star ${JSON.stringify((await client.query(star)).rows)}`);
    await client.query('ALTER TABLE node_prepared ADD COLUMN note VARCHAR');
    const below = await client.query({
      name: 'below',
      text: 'SELECT count(*) AS n FROM node_prepared WHERE id <= $1 AND label = $2',
      values: [20, 'label-1'],
    });
    console.log(`after ${below.rows[0].n}`);
    try {
      await client.query(star);
    } catch (e) {
      console.log(`error ${e.code} ${e.message}`);
    }
  } finally {
    await client.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
