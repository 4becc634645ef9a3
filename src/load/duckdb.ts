import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../errors.js";

/**
 * DuckDB (`@duckdb/node-api`, an optional dependency) for what the streaming reader is not for:
 * Parquet input, and usage tables to price with the generated SQL (`llmcost usage --engine duckdb`).
 * It is loaded only when used: a plain `llmcost usage` never pays its start-up, and an install
 * without it (npm install --omit=optional) gets a clear message instead of a crash.
 */

type DuckRows = { getRowObjectsJS(): Array<Record<string, unknown>> };
interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<DuckRows>;
  closeSync?: () => void;
}
interface DuckModule {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection>; closeSync?: () => void }> };
}

async function loadDuckDb(): Promise<DuckModule> {
  try {
    // The CLI is one CommonJS bundle (require); the sources run as ES modules (tests): import().
    if (typeof require === "function") return require("@duckdb/node-api") as DuckModule;
    return (await import("@duckdb/node-api")) as unknown as DuckModule;
  } catch (e) {
    throw new InputError({
      file: "--engine duckdb",
      message: `DuckDB is not installed (${(e as Error).message.split("\n")[0]})`,
      hint: "install the optional dependency: npm install @duckdb/node-api (Parquet input and --engine duckdb need it)",
    });
  }
}

export interface DuckSession {
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** A scratch folder for files handed to DuckDB (removed by close). */
  scratch(name: string, text: string): string;
  close(): void;
}

export async function openDuckDb(): Promise<DuckSession> {
  const duck = await loadDuckDb();
  const db = await duck.DuckDBInstance.create(":memory:");
  const con = await db.connect();
  let dir: string | undefined;
  return {
    async query(sql) {
      try {
        const r = await con.runAndReadAll(sql);
        return r.getRowObjectsJS();
      } catch (e) {
        throw new InputError({ file: "duckdb", message: (e as Error).message.split("\n")[0] ?? "query failed" });
      }
    },
    scratch(name, text) {
      dir ??= mkdtempSync(join(tmpdir(), "llmcost-duckdb-"));
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    },
    close() {
      con.closeSync?.();
      db.closeSync?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export const USAGE_COLUMNS: ReadonlyArray<[string, string]> = [
  ["timestamp", "VARCHAR"],
  ["provider", "VARCHAR"],
  ["model", "VARCHAR"],
  ["input_tokens", "DOUBLE"],
  ["output_tokens", "DOUBLE"],
  ["cached_tokens", "DOUBLE"],
  ["cache_write_tokens", "DOUBLE"],
  ["reasoning_tokens", "DOUBLE"],
  ["requests", "DOUBLE"],
  ["batch", "BOOLEAN"],
  ["cost", "DOUBLE"],
  ["project", "VARCHAR"],
  ["key", "VARCHAR"],
  ["user", "VARCHAR"],
  ["tag", "VARCHAR"],
];

/**
 * A `usage` view over llmcost usage files (JSON lines, CSV, Parquet; gzip too) with every column
 * of the usage row, NULL where a file lacks it.
 */
export async function createUsageView(s: DuckSession, files: readonly string[]): Promise<void> {
  const parts: string[] = [];
  for (const f of files) {
    const lower = f.toLowerCase();
    let source: string;
    if (lower.endsWith(".parquet")) source = `read_parquet(${sqlString(f)})`;
    else if (/\.csv(\.gz)?$/.test(lower)) source = `read_csv(${sqlString(f)}, header = true, all_varchar = true)`;
    else {
      const cols = USAGE_COLUMNS.map(([c, t]) => `"${c}": '${t === "BOOLEAN" ? "BOOLEAN" : t}'`).join(", ");
      parts.push(
        `SELECT ${USAGE_COLUMNS.map(([c]) => `"${c}"`).join(", ")} FROM read_json(${sqlString(f)}, format = 'newline_delimited', columns = {${cols}})`,
      );
      continue;
    }
    const have = new Set((await s.query(`DESCRIBE SELECT * FROM ${source}`)).map((r) => String(r.column_name ?? "")));
    parts.push(
      `SELECT ${USAGE_COLUMNS.map(([c, t]) => (have.has(c) ? `CAST("${c}" AS ${t}) AS "${c}"` : `CAST(NULL AS ${t}) AS "${c}"`)).join(", ")} FROM ${source}`,
    );
  }
  await s.query(`CREATE OR REPLACE VIEW usage AS ${parts.join(" UNION ALL ")}`);
}
