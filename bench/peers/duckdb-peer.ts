// Peer (c): DuckDB over the same raw file (SQL in duckdb-sql.ts). Large outputs go through COPY; small
// results are fetched and written with the runtime's value formats (DuckDB prints doubles and times its own way).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { csvField, formatDouble, isoTimestamp } from './csv-text.ts';
import { requestsCopySql, topPagesSql, trafficSql, type DuckFormulation } from './duckdb-sql.ts';
import { OUTPUT_OF, type Peer } from './peer-types.ts';

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

async function rows(con: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await con.runAndReadAll(sql)).getRowsJS() as unknown[][];
}

export function duckdbPeer(formulation: DuckFormulation): Peer {
  return async (job, input, outDir) => {
    const out = join(outDir, `${OUTPUT_OF[job]}.csv`);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      await con.run(`SET TimeZone = 'UTC'`);
      if (job === 'access-log-to-csv') await con.run(requestsCopySql(input, formulation, out));
      else if (job === 'traffic-by-hour') {
        let csv = 'hour,requests,bytes,errors,error_rate\n';
        for (const [hour, requests, bytes, errors, rate] of await rows(con, trafficSql(input, formulation))) {
          csv += `${isoTimestamp(Number(hour))},${requests},${text(bytes)},${errors},${formatDouble(Number(rate))}\n`;
        }
        writeFileSync(out, csv);
      } else {
        let csv = 'path,hits,bytes\n';
        for (const [path, hits, bytes] of await rows(con, topPagesSql(input, formulation))) {
          csv += `${csvField(path as string | null)},${hits},${text(bytes)}\n`;
        }
        writeFileSync(out, csv);
      }
    } finally {
      con.closeSync();
      db.closeSync();
    }
    return null;
  };
}
