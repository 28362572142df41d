// Bundles the extension client and the server (LSP + CLI) into single files; tsc -b type-checks first.
import * as esbuild from 'esbuild';
import { readFileSync } from 'fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  // The lineage webview runs in the browser: one script with the core's layout and dagre in it.
  esbuild.build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['client/webview/lineageView.ts'], outfile: 'client/out/lineage.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/engine/engineWorker.ts'], outfile: 'server/out/engineWorker.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/format/formatWorker.ts'], outfile: 'server/out/formatWorker.js' }),
  esbuild.build({
    ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' }, define: { VERSION: JSON.stringify(version) },
  }),
]);
