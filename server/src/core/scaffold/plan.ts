/**
 * The scaffold plan: which template files go where in a dbt project, which of them already exist (identical:
 * skipped; different: a conflict the caller resolves), and the insertions into dbt_project.yml (vars) and
 * packages.yml (package mode). Pure: every text comes in as data, nothing is written here.
 */
import * as path from 'path';
import { PackagesListing, requirementFor } from '../project/packagesFile';
import { isInside, readProjectConfig } from '../project/projectConfig';
import { keyName, lineNumber, mapPair, ParsedYaml, parseYaml } from '../yaml/yamlDocument';
import { isMap } from 'yaml';
import { appendAtEnd, Insertion } from '../yaml/yamlEdits';
import { cdpPackage } from '../cdp/packages';
import { DeclaredSource, detectCdp } from '../cdp/detect';
import { CDP_REGISTRY } from '../cdp/registry';
import { applyInsertion, newPackagesFile, packageInsertion, varsInsertion } from '../vars/configEdits';
import { yamlScalar } from '../vars/completion';
import { locateVars } from '../vars/locate';
import { coreVars, Mode } from '../vars/registry';

/** The models the scaffold can write, in the order it names them. */
export const MODEL_CHOICES = ['users', 'events', 'sessions', 'metrics', 'retention', 'funnels', 'attribution'] as const;
export type WarehouseModel = (typeof MODEL_CHOICES)[number];
/**
 * What it writes unless told: everything. The analytics models cost little next to the warehouse (README, "The
 * analytics models": at 10M events the daily metrics and retention rebuild in a few seconds, funnels and attribution
 * run incrementally by user), so the default scaffold keeps its incremental run cheap with them.
 */
export const DEFAULT_MODELS: readonly WarehouseModel[] = MODEL_CHOICES;
export const WAREHOUSE_MODELS: Record<WarehouseModel, string> = {
  users: 'wh_product_users_dim', events: 'wh_product_events_fact', sessions: 'wh_product_sessions_fact', metrics: 'wh_product_metrics_xa',
  retention: 'wh_product_retention_xa', funnels: 'wh_product_funnels_xa', attribution: 'wh_product_attributions_xa',
};
/**
 * users reads both facts; events reads sessions; the daily metrics read all three, retention users and events;
 * funnels read the events (and test their users against the dimension); attribution reads both facts.
 */
const NEEDS: Record<WarehouseModel, WarehouseModel[]> = {
  users: ['events', 'sessions'], events: ['sessions'], sessions: [], metrics: ['users', 'events', 'sessions'], retention: ['users', 'events'],
  funnels: ['users', 'events'], attribution: ['events', 'sessions'],
};
export const ADAPTERS = ['duckdb', 'postgres', 'snowflake', 'bigquery', 'redshift', 'databricks', 'spark'] as const;
/** The CDPs the product warehouse has models for: every CDP of the registry. */
export const TEMPLATE_CDPS: readonly string[] = CDP_REGISTRY.map((c) => c.id);

export interface ScaffoldOptions {
  models: WarehouseModel[];
  cdp: string;
  mode: Mode;
  /** The warehouse, when known: no file depends on it (it only adds notes, e.g. BigQuery's merge). */
  adapter?: string;
  /** Relative to the project root; default `<first model-path>/warehouse/w_product`. */
  folder?: string;
}

export interface TemplateFile {
  /** Relative to templates/<cdp>/, with `/` separators. */
  path: string;
  content: string;
}

export interface PlannedFile {
  path: string;
  content: string;
  status: 'create' | 'identical' | 'conflict';
  existing?: string;
}

export interface PlannedEdit {
  path: string;
  before: string;
  after: string;
  /** Set when the file does not exist yet (packages.yml). */
  create: boolean;
  insertion?: Insertion;
}

export interface ScaffoldPlan {
  projectRoot: string;
  models: WarehouseModel[];
  folder: string;
  files: PlannedFile[];
  edits: PlannedEdit[];
  notes: string[];
}

export type PlanResult = { plan: ScaffoldPlan } | { error: string };

export function defaultFolder(config: ParsedYaml, projectRoot: string): string {
  const first = readProjectConfig(config, projectRoot).modelPaths[0]?.value ?? 'models';
  return path.posix.join(first.replace(/\\/g, '/'), 'warehouse/w_product');
}

/** The models to write: the chosen ones and what they read. */
export function resolveModels(models: readonly WarehouseModel[]): WarehouseModel[] {
  const all = new Set<WarehouseModel>();
  const add = (m: WarehouseModel) => {
    all.add(m);
    NEEDS[m].forEach(add);
  };
  models.forEach(add);
  return MODEL_CHOICES.filter((m) => all.has(m));
}

/** Where each template file goes (absolute paths); throws nothing, returns an error string for bad options. */
export function targets(projectRoot: string, config: ParsedYaml, options: ScaffoldOptions, templates: readonly TemplateFile[]): { target: string; template: TemplateFile }[] | string {
  const folder = options.folder ?? defaultFolder(config, projectRoot);
  const folderAbs = path.resolve(projectRoot, folder);
  if (!isInside(projectRoot, folderAbs) || folderAbs === projectRoot) return `Target folder "${folder}" is outside the project folder ${projectRoot}; nothing was written.`;
  const macroPath = readProjectConfig(config, projectRoot).macroPaths[0]?.absolute ?? path.join(projectRoot, 'macros');
  const chosen = new Set(resolveModels(options.models).map((m) => WAREHOUSE_MODELS[m]));
  const result: { target: string; template: TemplateFile }[] = [];
  for (const template of templates) {
    const [root, ...rest] = template.path.split('/');
    if (root === 'macros') result.push({ target: path.join(macroPath, ...rest), template });
    else if (root === 'models') {
      const inner = rest.slice(2); // models/warehouse/w_product/<inner>
      const base = path.posix.basename(template.path).replace(/\.(sql|yml)$/, '');
      if (inner.length === 1 && !chosen.has(base)) continue;
      result.push({ target: path.join(folderAbs, ...inner), template });
    }
  }
  return result;
}

export interface PlanInputs {
  projectRoot: string;
  configPath: string;
  config: ParsedYaml;
  packages?: PackagesListing;
  templates: readonly TemplateFile[];
  /** Current text of a target file, or undefined when it does not exist. */
  existing(file: string): string | undefined;
  /** The sources the project declares: the table vars point at the chosen CDP's when one is found among them. */
  sources?: readonly DeclaredSource[];
}

export function planScaffold(inputs: PlanInputs, options: ScaffoldOptions): PlanResult {
  // A file too large or too deep to parse is parsed as empty: editing it by those offsets would break it.
  const syntax = inputs.config.problems.find((p) => ['yaml-syntax', 'duplicate-key', 'file-too-large', 'too-deep'].includes(p.code));
  if (syntax) return { error: `${inputs.configPath}:${lineNumber(inputs.config.text, syntax.offset)}: ${syntax.message} Fix dbt_project.yml first; nothing was written.` };
  const cdpProblem = unsupportedCdp(inputs.config, inputs.projectRoot, inputs.configPath, options.cdp);
  if (cdpProblem) return { error: cdpProblem };
  if (options.adapter !== undefined && !(ADAPTERS as readonly string[]).includes(options.adapter)) return { error: `Unknown adapter "${options.adapter}"; supported: ${ADAPTERS.join(', ')}.` };
  // Found by building the real package on Spark (docs/decisions.md, "Spark"): it fails there, so models on top of it would too.
  if (options.adapter === 'spark' && options.mode === 'package') return { error: 'Package mode builds on the dbt-labs/segment package, which does not run on Spark (its user stitching writes `last_value(user_id ignore nulls)` and its sessionized model a BigQuery-style partition_by): scaffold in self-contained mode. Nothing was written.' };
  if (options.models.length === 0) return { error: `Choose at least one model (${MODEL_CHOICES.join(', ')}).` };
  const placed = targets(inputs.projectRoot, inputs.config, options, inputs.templates);
  if (typeof placed === 'string') return { error: placed };

  const models = resolveModels(options.models);
  const notes: string[] = [];
  const added = models.filter((m) => !options.models.includes(m));
  if (added.length) notes.push(`Also writes ${added.join(', ')}: the chosen models read ${added.length > 1 ? 'them' : 'it'}.`);
  const files: PlannedFile[] = placed.map(({ target, template }) => {
    const existing = inputs.existing(target);
    if (existing === undefined) return { path: target, content: template.content, status: 'create' };
    return { path: target, content: template.content, status: existing === template.content ? 'identical' : 'conflict', existing };
  });

  const edits: PlannedEdit[] = [];
  const layout = locateVars(inputs.config, readProjectConfig(inputs.config, inputs.projectRoot).name);
  const present = new Map(layout.entries.map((e) => [e.spec.name, e]));
  const wanted: [string, string | number][] = [['cdp', options.cdp], ['product-warehouse-mode', options.mode], ...coreVars(options.mode, options.cdp, detectCdp(inputs.sources ?? [], [options.cdp])?.sourceName).map((v) => [v.name, v.default] as [string, string | number])];
  const lines: string[] = [];
  for (const [name, value] of wanted) {
    if (lines.some((l) => l.startsWith(`${name}:`))) continue;
    const current = present.get(name);
    if (!current) lines.push(`${name}: ${yamlScalar(value)}`);
    else if (name !== 'cdp-events-model' && name !== 'cdp-sessions-model' && String((current.value as { value?: unknown })?.value) !== String(value)) {
      notes.push(`Kept your "${name}" (${String((current.value as { value?: unknown })?.value)}); the scaffold would have set ${value}.`);
    }
  }
  // The CDP package's own vars (segment_page_views_table) go under the global vars:, where the package reads them.
  const pkgVars = options.mode === 'package' ? (cdpPackage(options.cdp)?.packageVars ?? []) : [];
  const globalVars = mapPair(inputs.config.doc.contents, 'vars')?.value;
  const targetIsGlobal = !layout.varsPair || (layout.entries[0]?.map ?? layout.maps[0]?.map) === globalVars;
  for (const v of pkgVars) {
    if (isMap(globalVars) && globalVars.items.some((p) => keyName(p) === v.name)) continue;
    if (targetIsGlobal) lines.push(`${v.name}: ${yamlScalar(v.value)}`);
    else notes.push(`Set ${v.name}: "${v.value}" under the global vars: of dbt_project.yml; the package reads it there.`);
  }
  if (lines.length) {
    const insertion = varsInsertion(inputs.config.text, layout, lines);
    edits.push({ path: inputs.configPath, before: inputs.config.text, after: applyInsertion(inputs.config.text, insertion), create: false, insertion });
  }
  const pkg = cdpPackage(options.cdp);
  if (options.mode === 'package' && pkg?.warnTestsBecause) {
    // The package's own tests at warn: visible on every build, never stopping the product's models.
    const root = inputs.config.doc.contents;
    const testsKey = ['data_tests', 'tests'].find((k) => mapPair(root, k));
    if (!testsKey) {
      const base = edits.find((e) => e.path === inputs.configPath);
      const text = base ? base.after : inputs.config.text;
      const insertion = appendAtEnd(text, ['data_tests:', `  ${pkg.projectName}:`, '    +severity: warn']);
      if (base) {
        base.after = applyInsertion(text, insertion);
        base.insertion = undefined;
      } else {
        edits.push({ path: inputs.configPath, before: text, after: applyInsertion(text, insertion), create: false, insertion });
      }
      notes.push(`Set ${pkg.hubName}'s own tests to warn: ${pkg.warnTestsBecause}.`);
    } else if (!isMap(mapPair(mapPair(root, testsKey)?.value, pkg.projectName)?.value)) {
      notes.push(`Consider ${testsKey}: { ${pkg.projectName}: { +severity: warn } } in dbt_project.yml: ${pkg.warnTestsBecause}.`);
    }
  }
  if (options.mode === 'package' && pkg && !requirementFor(inputs.packages, pkg)) {
    if (inputs.packages) {
      const insertion = packageInsertion(inputs.packages, pkg);
      edits.push({ path: inputs.packages.path, before: inputs.packages.parsed.text, after: applyInsertion(inputs.packages.parsed.text, insertion), create: false, insertion });
    } else {
      edits.push({ path: path.join(inputs.projectRoot, 'packages.yml'), before: '', after: newPackagesFile(pkg), create: true });
    }
    notes.push(`Run \`dbt deps\` to install ${pkg.hubName}.`);
  }
  const broken = edits.find((e) => !e.create && breaksYaml(e.before, e.after));
  if (broken) return { error: `${broken.path}: the scaffold could not add its lines without breaking the YAML (an unusual layout); nothing was written. Add them by hand:\n${broken.insertion?.text.trim()}` };
  if (options.adapter === 'bigquery') notes.push('On BigQuery the facts use merge: a session whose first event changes may leave its old row (see README).');
  if (options.adapter === 'spark') notes.push('On Spark (dbt-spark) the incremental models are Delta tables and the session time zone must be UTC (spark.sql.session.timeZone; see README).');
  const folder = path.relative(inputs.projectRoot, path.dirname(files.find((f) => f.path.endsWith('.sql') && f.path.includes('wh_product_'))?.path ?? inputs.projectRoot));
  return { plan: { projectRoot: inputs.projectRoot, models, folder, files, edits, notes } };
}

/** Why a CDP cannot be scaffolded, naming the `cdp` var's line when the value comes from it; undefined when it can. */
export function unsupportedCdp(config: ParsedYaml, projectRoot: string, configPath: string, cdp: string): string | undefined {
  if (TEMPLATE_CDPS.includes(cdp)) return undefined;
  const supported = `the product warehouse has models for ${TEMPLATE_CDPS.join(', ')}`;
  const entry = locateVars(config, readProjectConfig(config, projectRoot).name).entries.find((e) => e.spec.name === 'cdp');
  const node = entry?.value as { value?: unknown; range?: number[] } | undefined;
  if (node && String(node.value) === cdp && node.range) {
    return `${configPath}:${lineNumber(config.text, node.range[0])}: the var cdp is "${cdp}", and ${supported}; nothing was written.`;
  }
  return `cdp "${cdp}": ${supported}; nothing was written.`;
}

/** A safety net under the minimal insertions: an edit may never turn valid YAML into invalid YAML. */
export function breaksYaml(before: string, after: string): boolean {
  const errors = (text: string) => parseYaml(text).problems.filter((p) => p.code === 'yaml-syntax' || p.code === 'duplicate-key').length;
  return errors(after) > errors(before);
}

export type ConflictChoice = 'skip' | 'overwrite' | 'new';

export interface FileWrite {
  path: string;
  content: string;
  /** True when it replaces an existing file. */
  overwrite: boolean;
}

/** What to write for a plan, conflicts resolved one way (`skip` leaves them alone). */
export function writesFor(plan: ScaffoldPlan, onConflict: ConflictChoice): FileWrite[] {
  const writes: FileWrite[] = [];
  for (const f of plan.files) {
    if (f.status === 'create') writes.push({ path: f.path, content: f.content, overwrite: false });
    else if (f.status === 'conflict' && onConflict === 'overwrite') writes.push({ path: f.path, content: f.content, overwrite: true });
    else if (f.status === 'conflict' && onConflict === 'new') writes.push({ path: `${f.path}.new`, content: f.content, overwrite: false });
  }
  for (const e of plan.edits) writes.push({ path: e.path, content: e.after, overwrite: !e.create });
  return writes;
}
