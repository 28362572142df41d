/** Where things are on this machine, for the Node adapters (server and CLI): templates and dbt's profiles. */
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** templates/ beside the bundles (server/out) or the compiled sources (server/lib, test/out/server/src). */
export function templatesDir(): string {
  for (const up of ['../../templates', '../../../../templates']) {
    const dir = path.resolve(__dirname, up);
    if (existsSync(path.join(dir, 'warehouse'))) return dir;
  }
  return path.resolve(__dirname, '../../templates');
}

/** Where dbt looks for profiles.yml after the project folder: DBT_PROFILES_DIR, then ~/.dbt. */
export function profilesDirs(): string[] {
  return [...(process.env.DBT_PROFILES_DIR ? [process.env.DBT_PROFILES_DIR] : []), path.join(os.homedir(), '.dbt')];
}
