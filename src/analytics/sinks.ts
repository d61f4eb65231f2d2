import { renameSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Row } from './define';
import type { Output } from './run';

/** Where a projection's output goes. `write` replaces what the previous call wrote (follow mode). */
export interface Sink {
  /** Human-readable destination, printed once the output is written. */
  readonly description: string;
  write(output: Output): void;
  close(): void;
}

/**
 * A sink from a `--out` value: `FILE.json`, `FILE.csv`, `sqlite:FILE#table` (table defaults to the
 * projection's name), or undefined for a table on stdout.
 */
export function sinkFor(spec: string | undefined, projectionName: string): Sink {
  if (spec === undefined || spec === '-') return stdoutTableSink();
  if (spec.startsWith('sqlite:')) {
    const rest = spec.slice('sqlite:'.length);
    const hash = rest.lastIndexOf('#');
    const file = hash === -1 ? rest : rest.slice(0, hash);
    const table = hash === -1 ? projectionName : rest.slice(hash + 1);
    if (!file || !table) throw new Error(`--out ${spec}: expected sqlite:FILE#table`);
    return sqliteSink(file, table);
  }
  if (spec.endsWith('.json')) return jsonFileSink(spec);
  if (spec.endsWith('.csv')) return csvFileSink(spec);
  throw new Error(`--out ${spec}: expected FILE.json, FILE.csv or sqlite:FILE#table`);
}

function rowsOf(output: Output, sink: string): Row[] {
  if ('rows' in output) return output.rows;
  throw new Error(`the ${sink} sink needs rows: give the projection an output(state) function`);
}

/** JSON of a state or rows; Maps become objects and Sets arrays, so a raw state stays readable. */
export function toJson(output: Output): string {
  const value = 'rows' in output ? output.rows : output.state;
  return `${JSON.stringify(value, jsonReplacer, 2)}\n`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** RFC 4180 CSV: header from the first row's keys, CRLF line ends, fields quoted when they need it. */
export function toCsv(rows: Row[]): string {
  const first = rows[0];
  if (!first) return '';
  const columns = Object.keys(first);
  const lines = [columns.map(csvField), ...rows.map((row) => columns.map((c) => csvField(cellText(row[c]))))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A cell as text: empty for null/undefined, JSON for objects and arrays. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

/** Writes to a temporary file then renames it, so a reader never sees half a file in follow mode. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function jsonFileSink(file: string): Sink {
  return { description: file, write: (output) => writeAtomically(file, toJson(output)), close: () => {} };
}

function csvFileSink(file: string): Sink {
  return {
    description: file,
    write: (output) => writeAtomically(file, toCsv(rowsOf(output, 'CSV'))),
    close: () => {},
  };
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function toTable(rows: Row[]): string {
  const first = rows[0];
  if (!first) return '(no rows)\n';
  const columns = Object.keys(first);
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map((c) => rows.every((row) => row[c] === null || typeof row[c] === 'number'));
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

function stdoutTableSink(): Sink {
  return {
    description: 'stdout',
    write: (output) => {
      process.stdout.write('rows' in output ? toTable(output.rows) : toJson(output));
    },
    close: () => {},
  };
}

/** Replaces the table with the rows, in one transaction; columns from the first row's keys. */
function sqliteSink(file: string, table: string): Sink {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return {
    description: `${file} (table ${table})`,
    write: (output) => {
      const rows = rowsOf(output, 'SQLite');
      const first = rows[0];
      const columns = first ? Object.keys(first) : [];
      db.transaction(() => {
        db.exec(`DROP TABLE IF EXISTS ${quote(table)}`);
        if (columns.length === 0) return;
        db.exec(`CREATE TABLE ${quote(table)} (${columns.map(quote).join(', ')})`);
        const insert = db.prepare(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        for (const row of rows) insert.run(columns.map((c) => sqliteValue(row[c])));
      })();
    },
    close: () => db.close(),
  };
}

function sqliteValue(value: unknown): string | number | bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value, jsonReplacer);
}
