import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const CORE = path.resolve(__dirname, '../../../../server/src/core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('core boundary', () => {
  it('server/src/core imports neither vscode nor vscode-languageserver', () => {
    const offenders = files(CORE).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(vscode|vscode-languageserver(?:\/[\w/]*)?)'/g)].map((m) => `${path.relative(CORE, file)}: ${m[1]}`));
    assert.ok(files(CORE).length > 20, `expected the core sources under ${CORE}`);
    assert.deepStrictEqual(offenders, []);
  });
});
