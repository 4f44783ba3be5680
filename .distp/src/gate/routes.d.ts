/** @module gate/routes: tool → upstream, the most specific pattern wins. */
import type { Config, Upstream } from '../config/index.js';
export type RouteTable = (tool: string) => Upstream;
/** Exact names beat prefixes, longer prefixes beat shorter ones, `*` comes last. */
export declare function compileRoutes(config: Pick<Config, 'routes' | 'upstreams'>): RouteTable;
/** `{upstream.url}/v1/tools/{tool}`, keeping any path prefix of the upstream URL. */
export declare function toolUrl(base: string, tool: string): URL;
