export declare const GENERATED_DOCS: Record<string, () => string>;
