/**
 * What the scaffold uses for a project when not told: every client's prompts start from these. No imports, so the
 * shared protocol file (and through it the VS Code client) can name this type without pulling in the core.
 */
export interface ScaffoldDefaults {
  cdp: string;
  /** Why that CDP: the project's `cdp` var, a source declaring its raw tables, or neither (Segment). */
  cdpFrom: 'var' | 'source' | 'default';
  mode: 'package' | 'self-contained';
  adapter?: string;
  folder: string;
  adapters: string[];
  cdps: string[];
  /** Every model the scaffold can write, and those it writes unless told (a prompt pre-selects these). */
  models: { all: string[]; preselected: string[] };
}
