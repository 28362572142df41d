import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { renderCdpTable, renderFieldSourcesTable } from '../../server/src/core/cdp/describe';
import { renderCatalogueTable, renderVarsTable } from '../../server/src/core/vars/varsTable';

describe('README', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
  it('holds the var table rendered from the registry', () => {
    assert.ok(readme.includes(renderVarsTable()), `README.md must contain:\n${renderVarsTable()}`);
  });
  it('holds the CDP tables rendered from the CDP registry: the CDPs, and where each field comes from in each', () => {
    assert.ok(readme.includes(renderCdpTable()), `README.md must contain:\n${renderCdpTable()}`);
    assert.ok(readme.includes(renderFieldSourcesTable()), `README.md must contain:\n${renderFieldSourcesTable()}`);
  });
  it('holds the CDP catalogue table', () => {
    assert.ok(readme.includes(renderCatalogueTable()), `README.md must contain:\n${renderCatalogueTable()}`);
  });
});
