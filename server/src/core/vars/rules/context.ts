/** What the dbt_project.yml rules see: the parsed file, its vars and (when known) the project index. */
import { isScalar, Scalar } from 'yaml';
import { DbtProject } from '../../project/dbtProject';
import { PackagesListing } from '../../project/packagesFile';
import { Problem, ProblemData, Severity } from '../../types';
import { ParsedYaml } from '../../yaml/yamlDocument';
import { VarsLayout } from '../locate';

export interface ConfigContext {
  parsed: ParsedYaml;
  layout: VarsLayout;
  /** The project index; undefined when the file belongs to no indexed project (existence checks are skipped). */
  project?: DbtProject;
  /** packages.yml (or dependencies.yml) as the editor or the disk has it. */
  listing?: PackagesListing;
}

export type ConfigRule = (ctx: ConfigContext) => Problem[];

export function problemAt(
  range: readonly number[] | undefined, severity: Severity, code: string, message: string, data?: ProblemData,
): Problem {
  const [start, end] = range ?? [0, 0];
  return { offset: start, length: Math.max(0, end - start), severity, code, message, ...(data ? { data } : {}) };
}

export function scalarRange(node: unknown): [number, number] | undefined {
  return isScalar(node) && node.range ? [node.range[0], node.range[1]] : undefined;
}

export function keyRange(key: Scalar): [number, number] {
  return [key.range?.[0] ?? 0, key.range?.[1] ?? 0];
}
