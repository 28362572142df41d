/** What the preview could not render, with the file and 1-based line it points at. */
export class RenderError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(message);
    this.name = 'RenderError';
  }

  /** "path:line: message", the form editors and terminals link. */
  describe(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}

const POSITION = /^\((.*?)\)(?: \[Line (\d+), Column (\d+)\])?\s*\n\s*(?:(\w*Error): )?([\s\S]*)$/;

/**
 * Turns a nunjucks error into a RenderError. Nunjucks numbers lines from 0 for errors raised by called functions
 * and from 1 for its own (parse errors, undefined output), and drops the position on line 0; this undoes both.
 */
export function fromTemplateError(error: unknown, file: string): RenderError {
  if (error instanceof RenderError) return error.file ? error : new RenderError(error.message, file, error.line);
  const text = error instanceof Error ? error.message : String(error);
  const match = POSITION.exec(text);
  if (!match) return new RenderError(text, file);
  const [, , line, , thrown, message] = match;
  const fromCall = thrown !== undefined;
  const lineNumber = line === undefined ? 1 : Number(line) + (fromCall ? 1 : 0);
  return new RenderError(message.trim(), file, lineNumber);
}
