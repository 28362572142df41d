/**
 * The structured analytics vars: `product-warehouse-funnels` (a list of {name, steps, window-seconds, order}) and
 * `product-warehouse-conversion-events` (event names). Each mistake is a problem on its own YAML node, with the
 * obvious fix where there is one; the same facts drive completion and hover. The templates' Jinja
 * (product_warehouse_funnels) stops a dbt run on the same mistakes.
 */
import { isMap, isPair, isScalar, isSeq, Node, Scalar, YAMLMap } from 'yaml';
import { closestName } from '../text';
import { Problem } from '../types';
import { describeValue } from '../yaml/yamlDocument';
import { problemAt } from './rules/context';

export const FUNNEL_ORDERS = ['this-order', 'exact', 'any'] as const;

/** The keys of one funnel, with what hover and completion say about them. */
export const FUNNEL_KEYS: Readonly<Record<string, { insert: string; doc: string }>> = {
  name: { insert: 'name: ', doc: "The funnel's name: `funnel_name` in `wh_product_funnels_xa`. Required, unique." },
  steps: { insert: 'steps: []', doc: 'The event names of the steps, in order (`event_name` of the events fact; `page_view` for page views). Required; a name may repeat (each repeat needs its own event).' },
  'window-seconds': {
    insert: 'window-seconds: 604800',
    doc: 'How long an attempt may take, in whole seconds from its first step (604800, 7 days, by default). Compared as timestamps: a step exactly at the end counts, a second later does not.',
  },
  order: { insert: 'order: this-order', doc: '`this-order` (default), `exact` or `any`: how the steps must follow each other.' },
};

export const ORDER_DOCS: Readonly<Record<(typeof FUNNEL_ORDERS)[number], string>> = {
  'this-order': "**this-order** (default; Amplitude's *this order*, Mixpanel's default): step k is the earliest event named step k at or after step k-1's event; other events may come between. Simultaneous events count.",
  exact: "**exact** (Amplitude's *exact order*): as this-order, and no event of the user falls strictly between two steps (events at the same time as either step are not between).",
  any: "**any** (Amplitude's *any order*): an attempt starts at any step's event; step k is reached when steps 1..k have all been done within the window, in any order; a repeated name needs that many events.",
};

const DEFAULT_WINDOW_S = 604800;

function rangeOf(node: unknown): [number, number] {
  const r = (node as { range?: number[] } | null)?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

function isJinja(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.includes('{{');
}

export function checkFunnels(name: string, value: unknown, keyRange: [number, number]): Problem[] {
  if (isJinja(value)) return [];
  if (!isSeq(value)) {
    const range = value && (value as Node).range ? rangeOf(value) : keyRange;
    return [problemAt(range, 'error', 'wrong-type', `"${name}" expects a list of funnels ({name, steps, window-seconds, order}), got ${describeValue(value)}.`)];
  }
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  value.items.forEach((item, index) => {
    if (!isMap(item)) {
      problems.push(problemAt(rangeOf(item), 'error', 'funnel-not-mapping', `Funnel ${index + 1} must be a mapping with name and steps, got ${describeValue(item)}.`));
      return;
    }
    problems.push(...checkFunnel(item, index + 1, names));
  });
  return problems.sort((a, b) => a.offset - b.offset);
}

const cap = (text: string) => text[0].toUpperCase() + text.slice(1);

function checkFunnel(item: YAMLMap, number: number, names: Map<string, number>): Problem[] {
  const where = `funnel ${number}`;
  const problems: Problem[] = [];
  const pair = (key: string) => item.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  for (const p of item.items) {
    if (!isScalar(p.key) || typeof p.key.value !== 'string' || p.key.value in FUNNEL_KEYS) continue;
    const suggestion = closestName(p.key.value, Object.keys(FUNNEL_KEYS));
    problems.push(problemAt(rangeOf(p.key), 'error', 'unknown-funnel-key',
      `"${p.key.value}" is not a funnel key; a funnel has ${Object.keys(FUNNEL_KEYS).join(', ')}.`, suggestion ? { suggestion } : undefined));
  }
  const nameNode = pair('name')?.value;
  if (!pair('name')) problems.push(problemAt(rangeOf(item), 'error', 'funnel-without-name', `${cap(where)} has no name.`));
  else if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || nameNode.value === '') {
    problems.push(problemAt(rangeOf(nameNode ?? pair('name')!.key), 'error', 'wrong-type', `The name of ${where} must be a non-empty string, got ${describeValue(nameNode)}.`));
  } else if (names.has(nameNode.value)) {
    problems.push(problemAt(rangeOf(nameNode), 'error', 'duplicate-funnel-name', `Funnel "${nameNode.value}" is defined twice (funnels ${names.get(nameNode.value)} and ${number}).`));
  } else names.set(nameNode.value, number);
  const label = isScalar(nameNode) && typeof nameNode.value === 'string' && nameNode.value ? `funnel "${nameNode.value}"` : where;
  problems.push(...checkSteps(pair('steps')?.value, pair('steps') ? rangeOf(pair('steps')!.key) : rangeOf(item), label, pair('steps') !== undefined));
  const window = pair('window-seconds');
  if (window) problems.push(...checkWindow(window.value, rangeOf(window.key), label));
  const order = pair('order');
  if (order) problems.push(...checkOrder(order.value, rangeOf(order.key), label));
  return problems;
}

function checkSteps(steps: unknown, at: [number, number], label: string, present: boolean): Problem[] {
  if (!present) return [problemAt(at, 'error', 'funnel-without-steps', `${cap(label)} has no steps: add steps: [first event, second event, ...].`)];
  if (!isSeq(steps) || steps.items.length === 0) {
    const range = isSeq(steps) || isScalar(steps) ? rangeOf(steps) : at;
    return [problemAt(range, 'error', 'funnel-without-steps', `${cap(label)} has no steps: steps must be a list of event names, got ${isSeq(steps) ? 'an empty list' : describeValue(steps)}.`)];
  }
  return steps.items.flatMap((step, i) => {
    if (isScalar(step) && typeof step.value === 'string') return [];
    const scalar = isScalar(step) && step.value !== null && typeof step.value !== 'object';
    return [problemAt(rangeOf(step), 'error', 'funnel-step-not-string', `Step ${i + 1} of ${label} must be an event name (a string), got ${describeValue(step)}.`,
      scalar ? { suggestion: JSON.stringify(String((step as Scalar).source ?? (step as Scalar).value)) } : undefined)];
  });
}

function checkWindow(window: unknown, at: [number, number], label: string): Problem[] {
  if (isScalar(window) && typeof window.value === 'number' && Number.isInteger(window.value) && window.value > 0) return [];
  return [problemAt(isScalar(window) && window.range ? rangeOf(window) : at, 'error', 'invalid-number',
    `The window-seconds of ${label} must be a positive whole number of seconds, got ${isScalar(window) && typeof window.value === 'number' ? window.value : describeValue(window)}.`)];
}

function checkOrder(order: unknown, at: [number, number], label: string): Problem[] {
  if (isScalar(order) && typeof order.value === 'string' && (FUNNEL_ORDERS as readonly string[]).includes(order.value)) return [];
  const text = isScalar(order) && typeof order.value === 'string' ? order.value : undefined;
  const suggestion = text === undefined ? undefined : closestName(text, FUNNEL_ORDERS);
  return [problemAt(isScalar(order) && order.range ? rangeOf(order) : at, 'error', 'invalid-choice',
    `${text === undefined ? describeValue(order) : `"${text}"`} is not a funnel order (${label}); supported: ${FUNNEL_ORDERS.join(', ')}.`,
    suggestion ? { suggestion } : undefined)];
}

/** product-warehouse-conversion-events: an event name or a list of them. */
export function checkEventNames(name: string, value: unknown, keyRange: [number, number]): Problem[] {
  if (isScalar(value) && typeof value.value === 'string') return [];
  if (!isSeq(value)) {
    return [problemAt(value && (value as Node).range ? rangeOf(value) : keyRange, 'error', 'wrong-type', `"${name}" expects a list of event names, got ${describeValue(value)}.`)];
  }
  return value.items.flatMap((item, i) => (isScalar(item) && typeof item.value === 'string' ? [] : [
    problemAt(rangeOf(item), 'error', 'wrong-type', `Conversion event ${i + 1} must be an event name (a string), got ${describeValue(item)}.`,
      isScalar(item) && item.value !== null ? { suggestion: JSON.stringify(String(item.source ?? item.value)) } : undefined),
  ]));
}

/** Hover inside a funnel: a funnel key's meaning, or an order's definition. */
export function funnelHover(value: unknown, offset: number): { markdown: string; start: number; end: number } | undefined {
  if (!isSeq(value)) return undefined;
  for (const item of value.items) {
    if (!isMap(item)) continue;
    for (const p of item.items) {
      if (!isScalar(p.key) || typeof p.key.value !== 'string') continue;
      const [ks, ke] = rangeOf(p.key);
      const known = FUNNEL_KEYS[p.key.value];
      if (offset >= ks && offset <= ke && known) {
        const markdown = `**${p.key.value}** · funnel key\n\n${known.doc}${p.key.value === 'window-seconds' ? `\n\nDefault: \`${DEFAULT_WINDOW_S}\`` : ''}`;
        return { markdown, start: ks, end: ke };
      }
      const [vs, ve] = rangeOf(p.value);
      if (p.key.value === 'order' && isScalar(p.value) && offset >= vs && offset <= ve) {
        const markdown = ORDER_DOCS[p.value.value as (typeof FUNNEL_ORDERS)[number]];
        if (markdown) return { markdown, start: vs, end: ve };
      }
    }
  }
  return undefined;
}
