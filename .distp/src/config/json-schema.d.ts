type JsonSchema = {
    type?: string | string[];
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    anyOf?: JsonSchema[];
    description?: string;
    default?: unknown;
    required?: string[];
    [k: string]: unknown;
};
/** The JSON Schema (draft 2020-12) of the config file, from the zod schema. */
export declare function configJsonSchema(): JsonSchema;
export interface KeyShape {
    keys: readonly string[];
    child: (key: string) => KeyShape | undefined;
}
/** Object keys by name, array elements as '#'. */
export declare function keyShape(schema?: JsonSchema): KeyShape;
/** docs/config.md, generated from the same schema. A test fails when the committed file differs. */
export declare function renderConfigDoc(): string;
export {};
