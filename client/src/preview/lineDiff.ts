/** Unified diff of the preview's SQL against dbt's; empty when they are the same. */
import { createTwoFilesPatch } from 'diff';

export function lineDiff(preview: string, dbt: string): string {
  if (preview.trim() === dbt.trim()) return '';
  return createTwoFilesPatch('preview', 'dbt compile', preview.trim() + '\n', dbt.trim() + '\n', '', '', { context: 2 })
    .split('\n').slice(2).join('\n');
}
