/** The SQL preview for any LSP client: `productWarehouse/render`, `productWarehouse/model` and `productWarehouse/formatSql`. */
import { Connection } from 'vscode-languageserver/node';
import { LanguageService, toPath } from '../core/service';
import { FormatSqlRequest, ModelRequest, RenderRequest } from '../protocol';

export function registerRenderHandlers(connection: Connection, service: LanguageService): void {
  connection.onRequest(RenderRequest.method, (params: RenderRequest.Params): Promise<RenderRequest.Result> =>
    service.render(toPath(params.uri), { adapter: params.adapter, incremental: params.incremental }));
  connection.onRequest(ModelRequest.method, async (params: ModelRequest.Params): Promise<ModelRequest.Result> =>
    (await service.modelInfo(toPath(params.uri))) ?? null);
  connection.onRequest(FormatSqlRequest.method, (params: FormatSqlRequest.Params): Promise<FormatSqlRequest.Result> =>
    service.formatSql(params.sql, params.adapter));
}
