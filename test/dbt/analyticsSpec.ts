/** The analytics vars of a dbt project (dbt_project.yml), read with their defaults: what the oracle computes with. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { AttributionSpec } from './attributionOracle';
import type { FunnelSpec } from './funnelsOracle';

export interface AnalyticsSpec { funnels: FunnelSpec[]; attribution: AttributionSpec }

export const NO_ANALYTICS: AnalyticsSpec = { funnels: [], attribution: { conversions: [], lookbackS: 2_592_000, halfLifeS: 604_800 } };

export function analyticsSpec(projectDir: string): AnalyticsSpec {
  const vars = (parse(readFileSync(path.join(projectDir, 'dbt_project.yml'), 'utf8')) as { vars?: Record<string, unknown> }).vars ?? {};
  const funnels = (vars['product-warehouse-funnels'] ?? []) as { name: string; steps: string[]; 'window-seconds'?: number; order?: FunnelSpec['order'] }[];
  const conversions = vars['product-warehouse-conversion-events'] ?? [];
  return {
    funnels: funnels.map((f) => ({ name: f.name, steps: f.steps, windowS: f['window-seconds'] ?? 604_800, order: f.order ?? 'this-order' })),
    attribution: {
      conversions: typeof conversions === 'string' ? [conversions] : (conversions as string[]),
      lookbackS: (vars['product-warehouse-attribution-lookback-seconds'] as number | undefined) ?? NO_ANALYTICS.attribution.lookbackS,
      halfLifeS: (vars['product-warehouse-attribution-half-life-seconds'] as number | undefined) ?? NO_ANALYTICS.attribution.halfLifeS,
    },
  };
}
