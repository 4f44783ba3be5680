import type { ReportModel } from './report.js';
/**
 * Renders the report. Everything is inline and the page forbids any load (CSP default-src 'none'),
 * so it opens the same offline, from a mail attachment or an evidence archive.
 */
export declare function renderReportHtml(m: ReportModel): string;
