/** Checks each product-warehouse var's value against its kind in the registry. */
import { isScalar } from 'yaml';
import { Problem } from '../../types';
import { closestName } from '../../text';
import { describeValue, innerRange } from '../../yaml/yamlDocument';
import { CDP_IDS } from '../../cdp/registry';
import { containsJinja, parseSimpleCall } from '../jinjaForms';
import { VarEntry } from '../locate';
import { VarKind } from '../registry';
import { ConfigContext, ConfigRule, problemAt, scalarRange } from './context';
import { checkModelName } from './modelNames';
import { checkEventNames, checkFunnels } from '../funnels';

const EXPECTED: Record<VarKind, string> = {
  cdp: 'a CDP name',
  model: 'a model name',
  relation: "a Jinja relation such as \"{{ source('segment', 'pages') }}\"",
  seconds: 'a number of seconds',
  days: 'a number of days',
  choice: 'one of',
  funnels: 'a list of funnels',
  'event-names': 'a list of event names',
};

export const checkVarValues: ConfigRule = (ctx) => ctx.layout.entries.flatMap((entry) => checkEntry(ctx, entry));

function checkEntry(ctx: ConfigContext, entry: VarEntry): Problem[] {
  const { spec, value } = entry;
  const nodeRange = (value as { range?: number[] } | null)?.range;
  const range: [number, number] = scalarRange(value) ?? (nodeRange ? [nodeRange[0], nodeRange[1]] : [entry.key.range?.[0] ?? 0, entry.key.range?.[1] ?? 0]);
  const expected = spec.kind === 'choice' ? `one of ${spec.choices!.join(', ')}` : EXPECTED[spec.kind];
  const keyRange: [number, number] = [entry.key.range?.[0] ?? 0, entry.key.range?.[1] ?? 0];
  if (spec.kind === 'funnels') return checkFunnels(spec.name, value, keyRange);
  if (spec.kind === 'event-names') return checkEventNames(spec.name, value, keyRange);
  const wrongType = () => [problemAt(range, 'error', 'wrong-type', `"${spec.name}" expects ${expected}, got ${describeValue(value)}.`)];
  if (!isScalar(value) || value.value === null) return wrongType();
  if (spec.kind === 'seconds' || spec.kind === 'days') {
    if (typeof value.value === 'number') {
      return Number.isInteger(value.value) && value.value > 0 ? [] : [problemAt(range, 'error', 'invalid-number',
        `"${spec.name}" must be a positive whole number of ${spec.kind}, got ${value.value}.`)];
    }
    // A string is a SQL expression (`30 * 60`) or Jinja: not evaluated, so not flagged.
    return typeof value.value === 'string' ? [] : wrongType();
  }
  if (typeof value.value !== 'string') return wrongType();
  const text = value.value;
  const [innerStart] = innerRange(value);
  switch (spec.kind) {
    case 'cdp':
    case 'choice': {
      if (containsJinja(text)) return [];
      const allowed = spec.kind === 'cdp' ? CDP_IDS : spec.choices!;
      if (allowed.includes(text)) return [];
      const suggestion = closestName(text, allowed);
      const what = spec.kind === 'cdp' ? 'a supported CDP' : `a valid "${spec.name}"`;
      const code = spec.kind === 'cdp' ? 'unsupported-cdp' : 'invalid-choice';
      return [problemAt(range, 'error', code, `"${text}" is not ${what}; supported: ${allowed.join(', ')}.`, suggestion ? { suggestion } : undefined)];
    }
    case 'model': {
      if (!ctx.project) return [];
      if (!containsJinja(text)) return checkModelName(ctx, ctx.project, text, range);
      const call = parseSimpleCall(text);
      if (call?.fn !== 'ref') return [];
      return refProblems(ctx, call.args, argStarts(ctx, call.args, call.argOffsets.map((o) => innerStart + o), range[0]));
    }
    case 'relation': {
      if (!ctx.project || !containsJinja(text)) return [];
      const call = parseSimpleCall(text);
      if (!call || value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') return [];
      const starts = argStarts(ctx, call.args, call.argOffsets.map((o) => innerStart + o), range[0]);
      if (call.fn === 'ref') return refProblems(ctx, call.args, starts);
      const [sourceName, table] = call.args;
      if (ctx.project.lookupSource(sourceName, table).length > 0) return [];
      const sources = [...ctx.project.allSources()];
      const tables = sources.filter((s) => s.sourceName === sourceName).map((s) => s.table);
      if (tables.length === 0) {
        const suggestion = closestName(sourceName, new Set(sources.map((s) => s.sourceName)));
        return [problemAt([starts[0], starts[0] + sourceName.length], 'error', 'unknown-source',
          `No source "${sourceName}" is declared in the project's YAML files (used by "${spec.name}").` +
            (suggestion ? ` Did you mean "${suggestion}"?` : ''), suggestion ? { suggestion } : undefined)];
      }
      const suggestion = closestName(table, tables);
      return [problemAt([starts[1], starts[1] + table.length], 'error', 'unknown-source',
        `Source "${sourceName}" has no table "${table}" in the project's YAML files (used by "${spec.name}").` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''), suggestion ? { suggestion } : undefined)];
    }
    default:
      return [];
  }
}

function refProblems(ctx: ConfigContext, args: string[], starts: number[]): Problem[] {
  const name = args[args.length - 1];
  const start = starts[starts.length - 1];
  return checkModelName(ctx, ctx.project!, name, [start, start + name.length], args.length === 2 ? args[0] : undefined);
}

/** Argument offsets in the file; escaped quoting shifts them, and then the whole value is the range. */
function argStarts(ctx: ConfigContext, args: string[], starts: number[], fallback: number): number[] {
  const exact = args.every((arg, i) => ctx.parsed.text.slice(starts[i], starts[i] + arg.length) === arg);
  return exact ? starts : args.map(() => fallback);
}

