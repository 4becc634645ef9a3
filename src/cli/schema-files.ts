import { isAbsolute, relative, resolve, sep } from "node:path";
import { jsonSchemaText, type SchemaIds } from "../schema/json-schemas.js";
import type { CommandOutput } from "./io.js";

/**
 * The `$schema` references llmcost writes into the YAML it generates (`init`, `catalog import`,
 * `catalog refresh`) always resolve (docs/editors.md): a file written with a name gets its JSON Schema
 * written beside it (`workload.schema.json`, `catalog-overlay.schema.json`) and a modeline pointing
 * at it, relative to the file (as yaml-language-server reads it). Text printed on standard output
 * has no modeline, since nothing beside it can be written: it says how to get one instead.
 */

export type SchemaKind = "workload" | "catalog-overlay";

/** The schema's file name beside the YAML that uses it. */
export const SCHEMA_FILE: Record<SchemaKind, string> = {
  workload: "workload.schema.json",
  "catalog-overlay": "catalog-overlay.schema.json",
};

const PRINT_COMMAND: Record<SchemaKind, string> = {
  workload: "llmcost schema workload",
  "catalog-overlay": "llmcost schema catalog overlay",
};

/** The first comment lines (without `#`) of a generated YAML file about its schema. */
export function schemaComment(kind: SchemaKind, toFile: boolean): string[] {
  if (toFile)
    return [
      ` yaml-language-server: $schema=./${SCHEMA_FILE[kind]}`,
      ` (the JSON Schema beside this file, written with it: ${PRINT_COMMAND[kind]} prints it again)`,
    ];
  return [
    ` Editor completion: write this with -o FILE, and llmcost writes ${SCHEMA_FILE[kind]} beside it and`,
    ` points the file at it (or: ${PRINT_COMMAND[kind]} > ${SCHEMA_FILE[kind]}).`,
  ];
}

/** The schema file to write beside the output (only when the output is a file). */
export function schemaFileFor(kind: SchemaKind, ids?: SchemaIds): NonNullable<CommandOutput["alongside"]>[number] {
  return { name: SCHEMA_FILE[kind], text: jsonSchemaText(kind, ids) };
}

/**
 * A YAML file's own `$schema` reference (the `# yaml-language-server: $schema=PATH` modeline, or a
 * top-level `$schema: PATH` key), written relative to `fromDir`, rewritten for the same text saved
 * in `toDir`, so it names the same schema file (`optimize --apply -o other/dir/new.yaml`). URLs
 * and absolute paths are kept as written.
 */
export function rebaseSchemaRef(text: string, fromDir: string, toDir: string): string {
  const rebase = (ref: string): string => {
    if (/^[a-z][a-z0-9+.-]+:/i.test(ref) || isAbsolute(ref)) return ref;
    const rel = relative(resolve(toDir), resolve(fromDir, ref)).split(sep).join("/");
    return rel.startsWith("../") ? rel : `./${rel}`;
  };
  return text
    .replace(/^(#\s*yaml-language-server:\s*\$schema=)(\S+)/m, (_m, head: string, ref: string) => head + rebase(ref))
    .replace(
      /^(\$schema:[ \t]*)(["']?)([^"'\s#]+)\2/m,
      (_m, head: string, q: string, ref: string) => head + q + rebase(ref) + q,
    );
}
