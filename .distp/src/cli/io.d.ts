export interface CliIO {
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
    stdin: NodeJS.ReadableStream;
    env: NodeJS.ProcessEnv;
}
export type Command = (args: string[], io: CliIO) => Promise<number>;
export declare function processIO(): CliIO;
/** Reads a whole file, or stdin when the path is `-` or absent, as raw bytes. */
export declare function readInput(path: string | undefined, io: CliIO): Promise<Uint8Array>;
