/** Builds a language service over an in-memory workspace, and pins results as compact, exact values. */
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService, LanguageService } from '../../server/src/core/service';
import { MemoryFs } from './memoryFs';
import { CORPUS, packageFiles } from './fixtures';
import * as path from 'path';

export const ROOT = '/ws';

/** The real dbt-labs/segment package as `dbt deps` installs it (from ../shared/corpus), for the in-memory workspace. */
export const SEGMENT_PACKAGE: Record<string, string> = Object.fromEntries(
  packageFiles(path.join(CORPUS, 'dbt-labs+segment')).map(([rel, text]) => [`dbt_packages/segment/${rel}`, text]),
);

export interface TestWorkspace {
  fs: MemoryFs;
  service: LanguageService;
  open: Map<string, TextDocument>;
  doc(file: string, text?: string): TextDocument;
}

export async function workspace(files: Record<string, string>, warnings: string[] = []): Promise<TestWorkspace> {
  const fs = new MemoryFs(files, ROOT);
  const open = new Map<string, TextDocument>();
  const service = getLanguageService({ fs, logger: { warn: (m) => warnings.push(m) }, openDocument: (f) => open.get(f), openDocuments: () => [...open.values()] });
  await service.addFolder(ROOT);
  return {
    fs,
    service,
    open,
    doc(file, text) {
      const abs = `${ROOT}/${file}`;
      return TextDocument.create(pathToFileURL(abs).toString(), file.endsWith('.sql') ? 'sql' : 'yaml', 1, text ?? files[file]);
    },
  };
}

/** `[line, char, endLine, endChar] severity code: message`, 0-based like LSP. */
export function brief(d: Diagnostic): string {
  const r = d.range;
  const sev = ['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1];
  return `[${r.start.line},${r.start.character},${r.end.line},${r.end.character}] ${sev} ${d.code}: ${d.message}`;
}

/** Splits `text` at the `|` cursor marker. */
export function cursor(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('|');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), edits);
}
