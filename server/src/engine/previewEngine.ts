/**
 * The core's TemplateEngine on the engine host: sends each project's payload once per worker (again after a
 * restart), forgets replaced payloads, and turns host failures into answers the preview shows.
 */
import * as os from 'os';
import * as path from 'path';
import type { EngineAnswer, EngineProject, EngineRenderRequest, TemplateEngine } from '../core/render/engine';
import { EngineError, EngineHost, EngineHostOptions } from './engineHost';

/** A little more than the engine's own deadline, so the engine's message wins when it can answer. */
const HOST_MARGIN_SECONDS = 2;
/** Versions of one project's payload the worker keeps (renders in flight across a file event use the older ones). */
const KEPT_VERSIONS = 3;

export class PreviewEngine implements TemplateEngine {
  readonly host: EngineHost;
  private readonly ids = new WeakMap<EngineProject['payload'], string>();
  /** Payloads the worker holds per project, newest last: renders started before a file event still find theirs. */
  private readonly current = new Map<string, { id: string; generation: number }[]>();
  private nextId = 1;

  constructor(options: EngineHostOptions) {
    this.host = new EngineHost(options);
  }

  async render(project: EngineProject, request: EngineRenderRequest): Promise<EngineAnswer> {
    try {
      const id = await this.ensureProject(project, request.seconds);
      const answer = JSON.parse(await this.host.call(JSON.stringify({ kind: 'render', project: id, ...request }), request.seconds + HOST_MARGIN_SECONDS));
      if (answer.unknown_project) {
        this.current.set(project.key, (this.current.get(project.key) ?? []).filter((p) => p.id !== id));
        const again = await this.ensureProject(project, request.seconds);
        return JSON.parse(await this.host.call(JSON.stringify({ kind: 'render', project: again, ...request }), request.seconds + HOST_MARGIN_SECONDS));
      }
      return answer as EngineAnswer;
    } catch (e) {
      const kind = e instanceof EngineError ? e.kind : 'engine';
      return { ok: false, kind, message: (e as Error).message, file: request.path };
    }
  }

  private async ensureProject(project: EngineProject, seconds: number): Promise<string> {
    let id = this.ids.get(project.payload);
    if (!id) this.ids.set(project.payload, (id = `p${this.nextId++}`));
    const held = (this.current.get(project.key) ?? []).filter((p) => p.generation === this.host.generation && this.host.running);
    if (held.some((p) => p.id === id)) return id;
    await this.host.call(JSON.stringify({ kind: 'project', id, payload: project.payload }), Math.max(seconds, 30));
    held.push({ id, generation: this.host.generation });
    // The oldest versions go: a render still using one is told so and sends it again.
    while (held.length > KEPT_VERSIONS) await this.host.call(JSON.stringify({ kind: 'forget', id: held.shift()!.id }), seconds);
    this.current.set(project.key, held);
    return id;
  }

  dispose(): void {
    this.host.dispose();
  }
}

/** The engine of the bundles in server/out (engine/ and engineWorker.js beside them). */
export function bundledEngine(outDir: string, onState?: EngineHostOptions['onState']): PreviewEngine {
  return new PreviewEngine({
    engineDir: path.join(outDir, 'engine'), workerScript: path.join(outDir, 'engineWorker.js'), snapshotDir: cacheDir(), onState,
  });
}

/** The user's cache folder for this product (the engine's snapshot lives here; nothing of a workspace does). */
export function cacheDir(): string {
  if (process.env.PW_CACHE) return process.env.PW_CACHE;
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? os.tmpdir(), 'dbt-product-warehouse');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'dbt-product-warehouse');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dbt-product-warehouse');
}
