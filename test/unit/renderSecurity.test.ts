/**
 * Hostile workspaces: escape attempts through every place the preview reads workspace text (model SQL, var values,
 * macro files inside and outside their blocks, installed packages' macros, profiles.yml, sources YAML, a project's
 * generate_schema_name). Each attempt tries to write a marker file (JavaScript's process, Python's os, YAML tags);
 * none may, and the user sees what happened. The real engine, on a real folder.
 */
import * as assert from 'assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RenderOutcome } from '../../server/src/core/render/outcome';
import { getLanguageService, LanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { testEngine } from '../helpers/engine';
import { copyTemplates, REPO } from '../helpers/fixtures';

const MARKER = path.join(os.tmpdir(), `pw-escape-marker-${process.pid}`);

/** Escape attempts, each an expression (`{{ … }}` is added per vector), and what the user is told in a model. */
const ATTEMPTS: [string, string, string][] = [
  ['JavaScript constructor', `range.constructor("return process")().mainModule.require("fs").writeFileSync("${MARKER}", "x")`, "'function object' has no attribute 'constructor'"],
  ['JavaScript prototype chain', `''.constructor.constructor("return process")().mainModule.require("fs").writeFileSync("${MARKER}", "x")`, "'str object' has no attribute 'constructor'"],
  ['Python dunder chain', `''.__class__.__mro__[1].__subclasses__()`, "access to attribute '__class__' of 'str' object is unsafe."],
  ['globals of a sandbox helper', `cycler.__init__.__globals__.os.system("touch ${MARKER}")`, "access to attribute '__init__' of 'type' object is unsafe."],
  ['template reference context', `self._TemplateReference__context.cycler.__init__.__globals__.os.system("touch ${MARKER}")`, "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe."],
  ['str.format field access', `'{0.__class__.__mro__}'.format(ref)`, "access to attribute '__class__' of 'function' object is unsafe."],
  ['globals of a context function', `ref.__globals__['os'].system("touch ${MARKER}")`, "access to attribute '__globals__' of 'function' object is unsafe."],
  ['modules to the interpreter', `modules.re.enum.sys.modules['os'].system("touch ${MARKER}")`, "'dict object' has no attribute 'enum'"],
  ['private parts of the adapter', `adapter._world.data.env`, "access to attribute '_world' of 'DatabaseWrapper' object is unsafe."],
];

function project(dir: string): void {
  cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
  copyTemplates(dir);
}

function failed(outcome: RenderOutcome): string {
  return outcome.ok ? `rendered: ${outcome.raw.slice(0, 200)}` : outcome.message;
}

describe('SQL preview in a hostile workspace: nothing a workspace file holds runs code', function () {
  this.timeout(120_000);
  let dir: string;
  let service: LanguageService;
  const render = (file: string, adapter?: string) => service.render(path.join(dir, file), { adapter });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-hostile-'));
    project(dir);
    rmSync(MARKER, { force: true });
    service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [], env: { PW_SECRET_PROBE: 'visible-to-env_var' }, engine: testEngine() });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(existsSync(MARKER), false, 'the marker file was written: code ran');
  });

  for (const [what, attempt, message] of ATTEMPTS) {
    it(`${what}: refused in a model, a var value, a macro, a package macro, sources YAML and generate_schema_name`, async () => {
      writeFileSync(path.join(dir, 'models/evil.sql'), `select 1\n-- ${what}\nfrom x where {{ ${attempt} }}`);
      const inModel = await render('models/evil.sql');
      assert.deepStrictEqual(inModel.ok ? failed(inModel) : [inModel.file, inModel.line, inModel.message], [path.join(dir, 'models/evil.sql'), 3, message]);

      // The product's own var, previewing the scaffolded staging model unchanged.
      const config = path.join(dir, 'dbt_project.yml');
      const original = readFileSync(config, 'utf8');
      writeFileSync(config, original.replace(`cdp-pages-table: "{{ source('segment', 'pages') }}"`, `cdp-pages-table: ${JSON.stringify(`{{ ${attempt} }}`)}`));
      await service.onFilesChanged([{ path: config, change: 'changed' }]);
      const inVar = await render('models/warehouse/w_product/staging/stg_product_warehouse__pages.sql');
      assert.strictEqual(inVar.ok, false, failed(inVar));
      writeFileSync(config, original);

      writeFileSync(path.join(dir, 'macros/evil.sql'), `{% macro evil() %}\n  {{ ${attempt} }}\n{% endmacro %}`);
      mkdirSync(path.join(dir, 'dbt_packages/evilpkg/macros'), { recursive: true });
      writeFileSync(path.join(dir, 'dbt_packages/evilpkg/dbt_project.yml'), 'name: evilpkg\nversion: "1.0.0"\nconfig-version: 2\n');
      writeFileSync(path.join(dir, 'dbt_packages/evilpkg/macros/boom.sql'), `{% macro boom() %}{{ ${attempt} }}{% endmacro %}`);
      writeFileSync(path.join(dir, 'models/calls.sql'), 'select {{ evil() }}, {{ evilpkg.boom() }}');
      await service.onFilesChanged([{ path: path.join(dir, 'dbt_packages/evilpkg'), change: 'created' }]);
      const inMacro = await render('models/calls.sql');
      assert.ok(!inMacro.ok && inMacro.file === path.join(dir, 'macros/evil.sql') && inMacro.line === 2, JSON.stringify(inMacro));
      writeFileSync(path.join(dir, 'models/calls.sql'), 'select {{ evilpkg.boom() }}');
      const inPackage = await render('models/calls.sql');
      assert.ok(!inPackage.ok && inPackage.file === path.join(dir, 'dbt_packages/evilpkg/macros/boom.sql'), JSON.stringify(inPackage));

      writeFileSync(path.join(dir, 'models/staging/sources.yml'), readFileSync(path.join(dir, 'models/staging/sources.yml'), 'utf8').replace(/schema: .*/, `schema: ${JSON.stringify(`{{ ${attempt} }}`)}`));
      await service.onFilesChanged([{ path: path.join(dir, 'models/staging/sources.yml'), change: 'changed' }]);
      const inSources = await render('models/warehouse/w_product/staging/stg_product_warehouse__tracks.sql');
      assert.strictEqual(inSources.ok, false, failed(inSources));

      writeFileSync(path.join(dir, 'macros/evil.sql'), `{% macro generate_schema_name(custom, node) %}{{ ${attempt} }}{% endmacro %}`);
      await service.onFilesChanged([{ path: path.join(dir, 'macros/evil.sql'), change: 'changed' }]);
      const inNames = await render('models/warehouse/w_product/wh_product_users_dim.sql');
      assert.strictEqual(inNames.ok, false, failed(inNames));
    });
  }

  it('text outside macro blocks never runs, and profiles.yml values that try cost only the target', async () => {
    writeFileSync(path.join(dir, 'macros/top_level.sql'), `{{ ${ATTEMPTS[3][1]} }}\n{% macro fine() %}1{% endmacro %}\n{{ ${ATTEMPTS[0][1]} }}`);
    writeFileSync(path.join(dir, 'models/uses_fine.sql'), 'select {{ fine() }} as one');
    const profiles = path.join(dir, 'profiles.yml');
    writeFileSync(profiles, readFileSync(profiles, 'utf8').replace(/path: .*/, `path: ${JSON.stringify(`{{ ${ATTEMPTS[3][1]} }}`)}`));
    await service.onFilesChanged([{ path: profiles, change: 'changed' }]);
    const out = await render('models/uses_fine.sql');
    assert.ok(out.ok, failed(out));
    assert.deepStrictEqual([out.raw, out.relation, out.placeholders], ['select 1 as one', '"<target database>"."<target schema>"."uses_fine"', true]);
  });

  describe('no way out by file or include, and env only through env_var', () => {
    const cases: [string, string, RegExp][] = [
      ['include of an outside file', "{% include '/etc/passwd' %}", /no loader for this environment specified/],
      ['import of a relative path', "{% import '../dbt_project.yml' as p %}", /no loader for this environment specified/],
      ['open()', "{{ open('/etc/passwd').read() }}", /'open' is undefined/],
    ];
    for (const [what, text, message] of cases) {
      it(what, async () => {
        writeFileSync(path.join(dir, 'models/way_out.sql'), `select 1\n${text}`);
        const out = await render('models/way_out.sql');
        assert.ok(!out.ok && message.test(out.message) && out.line === 2, JSON.stringify(out));
      });
    }

    it('what the sandbox refuses to print prints as nothing, and YAML tags load nothing (dbt\'s safe loader)', async () => {
      writeFileSync(path.join(dir, 'models/quiet.sql'), `select '{{ modules.datetime.datetime.__module__ }}', {{ fromyaml('!!python/object/apply:os.system ["touch ${MARKER}"]') }}`);
      const out = await render('models/quiet.sql');
      assert.deepStrictEqual(out.ok && out.raw, "select '', None");
    });

    it("env_var reads the environment as dbt does; dbt's secret variables stay out of models", async () => {
      writeFileSync(path.join(dir, 'models/env.sql'), "select '{{ env_var('PW_SECRET_PROBE') }}'\n{{ env_var('DBT_ENV_SECRET_KEY', 'x') }}");
      const out = await render('models/env.sql');
      assert.ok(!out.ok && out.line === 2 && out.message.startsWith("Secret env vars are allowed only in profiles.yml or packages.yml. Found 'DBT_ENV_SECRET_KEY'"), JSON.stringify(out));
      writeFileSync(path.join(dir, 'models/env.sql'), "select '{{ env_var('PW_SECRET_PROBE') }}'");
      const plain = await render('models/env.sql');
      assert.deepStrictEqual(plain.ok && plain.raw, "select 'visible-to-env_var'");
    });
  });

  describe('bounded: runaway templates end in a clear error and the engine serves the next render', () => {
    const cases: [string, string, RegExp, string][] = [
      ['endless recursion', 'select\n  {{ endless(0) }}', /^Nested too deeply to render/, 'error'],
      ['an expression thousands of operators long', `select {{ 1${' + 1'.repeat(2000)} }}`, /^Nested too deeply to render/, 'error'],
      ['more Jinja than a preview compiles', `select 1${' {{ 1 }}'.repeat(4000)}`, /^More than 10000 Jinja tokens in one template: the preview does not compile it/, 'error'],
      ['a huge range', 'select 1\n{% for i in range(10 ** 9) %}{% endfor %}', /Range too big/, 'error'],
      ['a string doubled until memory runs out', "{% set s = namespace(v='x') %}{% for i in range(40) %}{% set s.v = s.v ~ s.v %}{% endfor %}\nselect {{ s.v | length }}", /more memory than the preview allows/, 'error'],
      ['a loop that calls for ever', '{% for i in range(100000) %}{% for j in range(100000) %}{{ i ~ j }}{% endfor %}{% endfor %}', /took too long/, 'timeout'],
      ['a loop that never calls anything', '{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}', /took longer than|took too long/, 'timeout'],
    ];
    for (const [what, text, message, kind] of cases) {
      it(what, async () => {
        writeFileSync(path.join(dir, 'macros/endless.sql'), '{% macro endless(n) %}{{ endless(n + 1) }}{% endmacro %}');
        writeFileSync(path.join(dir, 'models/runaway.sql'), text);
        const started = Date.now();
        const out = await render('models/runaway.sql');
        const seconds = (Date.now() - started) / 1000;
        assert.ok(!out.ok && message.test(out.message) && out.kind === kind, JSON.stringify(out));
        assert.ok(seconds < 10, `ended after ${seconds} s`);
        writeFileSync(path.join(dir, 'models/after.sql'), 'select 1 as fine');
        const next = await render('models/after.sql');
        assert.deepStrictEqual(next.ok && next.raw, 'select 1 as fine');
      });
    }
  });
});
