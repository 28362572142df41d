/**
 * Every name shared by the server and its clients: the VS Code client imports this file, other editors read
 * it as documentation. Keep it free of imports so the client bundle stays small.
 */

export const LANGUAGE_SERVER_ID = 'productWarehouse';
export const LANGUAGE_SERVER_NAME = 'dbt Product Warehouse';

/** Files the server watches; the index is updated from these events, never by a full rescan. */
export const WATCHED_GLOBS = ['**/*.{sql,py,csv,yml,yaml}', '**/target/manifest.json'] as const;

/** Documents the server handles (the client's documentSelector). */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/dbt_project.yml' },
  { scheme: 'file', pattern: '**/packages.yml' },
  { scheme: 'file', pattern: '**/dependencies.yml' },
  { scheme: 'file', language: 'sql' },
  { scheme: 'file', language: 'jinja-sql' },
] as const;

/**
 * Node flags for the server process. A small young generation keeps the resident size down: the server's
 * garbage is short-lived and small (parse trees per keystroke), so 16 MB semi-spaces only inflate RSS.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size'] as const;
