// A preload (`node --import ./bench/sql-trace.mjs bin/sluice.js serve`) that counts and times
// every SQLite statement the server prepares and runs, by SQL text, without touching src/.
// SIGUSR2 writes the counters so far to `<SQL_TRACE_OUT>.<n>` (n = 1, 2, …) and clears them, so
// the benchmark can cut its phases apart; at exit the rest goes to SQL_TRACE_OUT (JSON).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const out = process.env.SQL_TRACE_OUT;

let stats = new Map();
let prepares = { count: 0, ms: 0 };

function entry(sql) {
  let found = stats.get(sql);
  if (!found) stats.set(sql, (found = { count: 0, ms: 0 }));
  return found;
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function tracedPrepare(sql, ...rest) {
  const started = performance.now();
  const statement = prepare.call(this, sql, ...rest);
  prepares.count++;
  prepares.ms += performance.now() - started;
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = statement[method];
    statement[method] = function traced(...args) {
      const began = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const e = entry(sql);
        e.count++;
        e.ms += performance.now() - began;
      }
    };
  }
  return statement;
};

function write(file) {
  if (!out) return;
  const rows = [...stats.entries()]
    .map(([sql, s]) => ({ sql, count: s.count, ms: Math.round(s.ms * 100) / 100 }))
    .sort((a, b) => b.ms - a.ms);
  fs.writeFileSync(file, `${JSON.stringify({ prepares, statements: rows }, null, 2)}\n`);
}

let snapshots = 0;
process.on('SIGUSR2', () => {
  write(`${out}.${++snapshots}`);
  stats = new Map();
  prepares = { count: 0, ms: 0 };
});

process.on('exit', () => write(out));
