/** @module audit/report-svg: the per-agent timeline of the report, as inline SVG (no script, no external asset); pure. */
import type { Timeline } from './report.js';
export declare const COLORS: {
    readonly allow: "#2e7d32";
    readonly deny: "#ef6c00";
    readonly reject: "#c62828";
};
/** HTML/XML text and attribute escaping. */
export declare function esc(s: string): string;
/** One row per agent (the 20 busiest), a stacked bar per time bucket: allowed, denied, rejected. */
export declare function timelineSvg(t: Timeline): string;
