/** @module cli/args: a small, strict flag parser built on node:util parseArgs. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.js';
type Options = NonNullable<ParseArgsConfig['options']>;
/** Parses flags; on a usage error writes it and the usage text to stderr and returns undefined (exit 2). */
export declare function parseFlags<T extends Options>(args: string[], options: T, io: CliIO, usage: string): ReturnType<typeof parseArgs<{
    args: string[];
    options: T;
    allowPositionals: true;
    strict: true;
}>> | undefined;
export {};
