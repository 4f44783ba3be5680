/** @module canonical/state: the cursor shared by the strict parser's scanners. */
export interface ParseState {
    /** The decoded input text. */
    readonly src: string;
    /** Current UTF-16 index into `src`. */
    pos: number;
}
