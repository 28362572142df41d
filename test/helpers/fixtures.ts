/** Copies a fixture to a fresh temporary folder, so tests may change files and set mtimes freely. */
import { cpSync, mkdtempSync, rmSync, utimesSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures');
export const REPO = path.resolve(__dirname, '../../../..');

export function copyFixture(name: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pw-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Makes a file look written `secondsFromNow` after now (negative: in the past). */
export function setMtime(file: string, secondsFromNow: number): void {
  const t = Date.now() / 1000 + secondsFromNow;
  utimesSync(file, t, t);
}
