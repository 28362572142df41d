/**
 * Shared contracts of the pure core. The core reads the disk only through {@link FileSystem},
 * so the LSP server, the CLI and the in-memory unit tests drive the same code.
 */

export enum FileType {
  File = 1,
  Directory = 2,
  Other = 4,
}

export interface FileStat {
  type: FileType;
  size: number;
  /** Modification time in milliseconds since the epoch. */
  mtime: number;
}

export interface DirEntry {
  name: string;
  type: FileType;
  /** True when the entry is a symbolic link (its `type` is the type of what it points at). */
  isSymlink: boolean;
}

/** I/O the core needs. Implementations must not throw for missing paths where noted. */
export interface FileSystem {
  /** Follows symbolic links; `undefined` when the path does not exist or cannot be read. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Rejects when the file cannot be read. */
  readFile(path: string): Promise<string>;
  /** Rejects when the folder cannot be read. */
  readDirectory(path: string): Promise<DirEntry[]>;
  /** The canonical path, symbolic links resolved; rejects for dangling links. */
  realpath(path: string): Promise<string>;
}

export interface Logger {
  warn(message: string): void;
}

export const silentLogger: Logger = { warn: () => undefined };

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * A problem found in one file, located by offsets into that file's text. Positions are computed only at
 * the edge (see service.ts), so rules never deal with lines and columns.
 */
export interface Problem {
  offset: number;
  length: number;
  severity: Severity;
  code: string;
  message: string;
  /** Rule-specific payload that the quick fixes read back (suggestions, package names). */
  data?: ProblemData;
}

export interface ProblemData {
  suggestion?: string;
  /** The catalogue package (hub name) a fix should add to packages.yml. */
  addPackage?: string;
  /** A var the CDP package needs, to add under the global `vars:` (package mode). */
  addVar?: { name: string; value: string };
  addMissingVars?: boolean;
  /** The var points at a model the project lacks: offer to scaffold the product warehouse. */
  scaffold?: boolean;
}

/**
 * Config YAML (dbt_project.yml, packages.yml, dependencies.yml, profiles.yml) larger than this is not parsed: a clear
 * diagnostic beats a frozen editor. These are parsed on every keystroke and every preview. In the server (small
 * young generation) the yaml package needs up to 9 µs a byte on hostile shapes (flow sequences, a syntax error every
 * few characters): 1.1 s at 128 KB, 0.5 s at 64 KB, measured. Real ones are a few KB.
 */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024;
/**
 * Properties and sources YAML under the model paths: read from disk when they change, never per keystroke, and
 * generated ones (codegen's sources for hundreds of tables) run to hundreds of KB, so their bound is larger.
 */
export const MAX_PROPERTIES_FILE_BYTES = 512 * 1024;
/** YAML nested deeper than this (brackets, or indentation columns) is not parsed either. */
export const MAX_YAML_NESTING = 256;
/** target/manifest.json can be large on real projects; beyond this it is skipped with a warning. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
