/** The SQL preview for any LSP client: `productWarehouse/render` and `productWarehouse/formatSql`. */
import { Connection } from 'vscode-languageserver/node';
import { formatSql } from '../core/render/formatSql';
import { Adapter } from '../core/render/crossDbMacros';
import { ADAPTERS } from '../core/scaffold/plan';
import { LanguageService, toPath } from '../core/service';
import { FormatSqlRequest, RenderRequest } from '../protocol';

export function registerRenderHandlers(connection: Connection, service: LanguageService): void {
  connection.onRequest(RenderRequest.method, (params: RenderRequest.Params): Promise<RenderRequest.Result> =>
    service.render(toPath(params.uri), { adapter: params.adapter, incremental: params.incremental }));
  connection.onRequest(FormatSqlRequest.method, (params: FormatSqlRequest.Params): FormatSqlRequest.Result => {
    const adapter = ((ADAPTERS as readonly string[]).includes(params.adapter) ? params.adapter : 'duckdb') as Adapter;
    return formatSql(params.sql, adapter);
  });
}
