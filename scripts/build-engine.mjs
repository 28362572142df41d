// Assembles server/out/engine, what the SQL preview's engine needs at run time:
//   pyodide/   the Pyodide runtime (CPython in WebAssembly) from node_modules/pyodide
//   wheels/    the pinned PyPI wheels of server/engine/wheels.json (Jinja2, MarkupSafe, sqlparse, pytz, PyYAML,
//              dbt-common, and the dbt-adapters/dbt-<adapter> wheels that carry dbt's macro files)
//   python/    our dbt_preview package (server/engine/python)
//   manifest.json, LICENSES.md
// Wheels are downloaded once into the cache (sha256-checked) and reused; nothing third-party is committed.
import { createHash } from 'crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'server', 'out', 'engine');
const lock = JSON.parse(readFileSync(join(repo, 'server', 'engine', 'wheels.json'), 'utf8'));
const cache = join(process.env.PW_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dbt-product-warehouse'), 'wheels');

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

async function wheel({ file, url, sha256: want }) {
  const cached = join(cache, file);
  if (existsSync(cached) && sha256(readFileSync(cached)) === want) return cached;
  mkdirSync(cache, { recursive: true });
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`Could not download ${file} from PyPI (${e.cause?.code ?? e.message}). The SQL preview's engine needs it once; it is then kept in ${cache}.`);
  }
  if (!response.ok) throw new Error(`Could not download ${file} from PyPI: HTTP ${response.status} for ${url}`);
  const buffer = Buffer.from(await response.arrayBuffer());
  if (sha256(buffer) !== want) throw new Error(`${file} from PyPI does not have the pinned sha256 ${want}: refusing it`);
  writeFileSync(cached, buffer);
  return cached;
}

const pyodide = join(repo, 'node_modules', 'pyodide');
const pyodideFiles = ['pyodide.js', 'pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'package.json'];

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'pyodide'), { recursive: true });
mkdirSync(join(out, 'wheels'), { recursive: true });
for (const file of pyodideFiles) cpSync(join(pyodide, file), join(out, 'pyodide', file));
const files = await Promise.all(lock.wheels.map(wheel));
lock.wheels.forEach((w, i) => cpSync(files[i], join(out, 'wheels', w.file)));
cpSync(join(repo, 'server', 'engine', 'python'), join(out, 'python'), { recursive: true, filter: (src) => !src.includes('__pycache__') });

const pyodideVersion = JSON.parse(readFileSync(join(pyodide, 'package.json'), 'utf8')).version;
writeFileSync(join(out, 'manifest.json'), JSON.stringify({
  pyodide: pyodideVersion,
  dbtCoreVersion: lock.dbtCoreVersion,
  wheels: lock.wheels.map((w) => w.file),
  python: readdirSync(join(out, 'python', 'dbt_preview')).filter((f) => f.endsWith('.py')).map((f) => `dbt_preview/${f}`),
}, null, 2));
writeFileSync(join(out, 'LICENSES.md'), [
  '# Third-party software in this folder',
  '',
  `- Pyodide ${pyodideVersion} (pyodide/): Mozilla Public License 2.0, https://github.com/pyodide/pyodide; it bundles CPython (PSF License).`,
  ...lock.wheels.map((w) => `- ${w.name} ${w.version} (wheels/${w.file}): its licence is in the wheel's .dist-info folder.`),
  '',
].join('\n'));
console.log(`engine: Pyodide ${pyodideVersion}, ${lock.wheels.length} wheels -> ${out}`);
