// Stand-in for `vscode-languageclient/node`: records what the extension does.
/* eslint-disable @typescript-eslint/no-explicit-any */

export type ServerOptions = any;
export type LanguageClientOptions = any;

export const clientMock = {
  instances: [] as LanguageClient[],
  /** Answer for sendRequest(method, params). */
  onRequest: (_method: string, _params: any): any => [],
  /** Error thrown by start(), if any. */
  startError: undefined as Error | undefined,
  reset(): void {
    this.instances = [];
    this.onRequest = () => [];
    this.startError = undefined;
  },
};

export class LanguageClient {
  started = false;
  stopped = false;
  requests: { method: string; params: any }[] = [];
  notifications: { method: string; params: any }[] = [];
  constructor(
    public readonly id: string,
    public readonly name: string,
    public readonly serverOptions: ServerOptions,
    public readonly clientOptions: LanguageClientOptions,
  ) {
    clientMock.instances.push(this);
  }
  async start(): Promise<void> {
    if (clientMock.startError) throw clientMock.startError;
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
  }
  async sendRequest(method: string, params: any): Promise<any> {
    this.requests.push({ method, params });
    return clientMock.onRequest(method, params);
  }
  async sendNotification(method: string, params: any): Promise<void> {
    this.notifications.push({ method, params });
  }
}
