import * as path from 'path';

/** templates/ beside the bundles (server/out) or the compiled sources (server/lib, test/out/server/src). */
export function templatesDir(): string {
  for (const up of ['../../templates', '../../../../templates']) {
    const dir = path.resolve(__dirname, up);
    if (require('fs').existsSync(path.join(dir, 'segment'))) return dir;
  }
  return path.resolve(__dirname, '../../templates');
}
