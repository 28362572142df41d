/**
 * The real preview engine (Pyodide + Jinja2 + dbt's macros, in a worker) for tests of the core: one per test
 * process, from the build in server/out (npm test builds first), ended after the run. Not a stand-in: the same
 * engine the server and the CLI start.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { PreviewEngine, bundledEngine } from '../../server/src/engine/previewEngine';
import { REPO } from './fixtures';

let shared: PreviewEngine | undefined;

export function testEngine(): PreviewEngine {
  if (shared) return shared;
  const out = path.join(REPO, 'server/out');
  if (!existsSync(path.join(out, 'engine', 'manifest.json'))) {
    throw new Error(`The preview engine is not built (${out}/engine is missing): run npm run build first`);
  }
  shared = bundledEngine(out);
  return shared;
}

after(() => shared?.dispose());
