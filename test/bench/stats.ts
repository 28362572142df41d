/** Percentiles and formatting for benchmark output. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function row(label: string, value: string, target = ''): string {
  return `${label.padEnd(44)} ${value.padEnd(28)} ${target}`;
}
