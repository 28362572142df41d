/** The SQL preview for any LSP client: `productWarehouse/render` and `productWarehouse/formatSql`. */
import { Connection } from 'vscode-languageserver/node';
import type { Adapter } from '../core/render/outcome';
import { ADAPTERS } from '../core/scaffold/plan';
import { LanguageService, toPath } from '../core/service';
import { FormatSqlRequest, RenderRequest } from '../protocol';

export function registerRenderHandlers(connection: Connection, service: LanguageService): void {
  connection.onRequest(RenderRequest.method, (params: RenderRequest.Params): Promise<RenderRequest.Result> =>
    service.render(toPath(params.uri), { adapter: params.adapter, incremental: params.incremental }));
  connection.onRequest(FormatSqlRequest.method, async (params: FormatSqlRequest.Params): Promise<FormatSqlRequest.Result> => {
    const { formatSql } = await import('../core/render/formatSql.js');
    const adapter = ((ADAPTERS as readonly string[]).includes(params.adapter) ? params.adapter : 'duckdb') as Adapter;
    return formatSql(params.sql, adapter);
  });
}
