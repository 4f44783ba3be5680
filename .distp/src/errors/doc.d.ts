/** The full text of docs/errors.md. A test fails when the committed file differs. */
export declare function renderErrorsDoc(): string;
