/** Lineage and ERD for any LSP client: `productWarehouse/lineage` and `productWarehouse/erd`. */
import { Connection } from 'vscode-languageserver/node';
import { LanguageService, toPath } from '../core/service';
import { ErdRequest, LineageRequest } from '../protocol';

export function registerLineageHandlers(connection: Connection, service: LanguageService): void {
  connection.onRequest(LineageRequest.method, (params: LineageRequest.Params): Promise<LineageRequest.Result> =>
    service.lineage({ file: params.uri ? toPath(params.uri) : undefined, model: params.model, project: params.project && toPath(params.project), upstream: params.upstream, downstream: params.downstream }));
  connection.onRequest(ErdRequest.method, (params: ErdRequest.Params): Promise<ErdRequest.Result> =>
    service.erd({ file: params.uri ? toPath(params.uri) : undefined, project: params.project && toPath(params.project) }));
}
