/** A tool call body of about `target` bytes: nested arguments, mixed strings, numbers, unicode. */
export declare function toolBody(target: number): Uint8Array;
