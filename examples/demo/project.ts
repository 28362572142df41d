/** Puts the product-warehouse templates into a dbt project folder (the scaffold command will do this for users). */
import { cpSync } from 'fs';
import * as path from 'path';

/** The repository root, from this file's compiled place (test/out/examples/demo) or its source place. */
export const REPO = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../..');

export function addTemplates(projectDir: string): void {
  cpSync(path.join(REPO, 'templates/segment/models'), path.join(projectDir, 'models'), { recursive: true });
  cpSync(path.join(REPO, 'templates/segment/macros'), path.join(projectDir, 'macros'), { recursive: true });
}
