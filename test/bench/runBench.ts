/** `npm run bench`: prints figures (nothing here is asserted; targets come from the issues). */
import { lspBench } from './lspBench';
import { renderBench } from './renderBench';

async function main(): Promise<void> {
  const lines: string[] = [`dbt Product Warehouse benchmark — ${new Date().toISOString()} — node ${process.version}, ${require('os').cpus().length} cores`];
  const print = () => {
    process.stdout.write(lines.splice(0).join('\n') + '\n');
  };
  print();
  await lspBench(lines);
  print();
  await renderBench(lines);
  print();
}

void main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  // A server started by the failed step may still be running: do not wait for it.
  process.exit(1);
});
