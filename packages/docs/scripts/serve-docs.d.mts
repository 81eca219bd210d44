// Types of scripts/serve-docs.mjs, for the tests.
export declare const DEFAULT_PORT: number;
export interface DocsServer {
  /** Base URL, such as `http://127.0.0.1:4020/`. */
  url: string;
  close(): Promise<void>;
}
export declare function serveDocs(options?: { port?: number; root?: string }): Promise<DocsServer>;
