import type { Config } from './schema.js';
export interface LoadedConfig {
    config: Config;
    file: string;
    overrides: string[];
}
/** Validates config text; pure but for nothing: `env` is passed in. Paths resolve against the file's directory. */
export declare function parseConfig(file: string, text: string, env?: Readonly<Record<string, string | undefined>>): LoadedConfig;
export declare function loadConfig(file: string, env?: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig>;
