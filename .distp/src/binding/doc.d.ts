/** The full text of docs/binding.md. */
export declare function renderBindingDoc(): string;
