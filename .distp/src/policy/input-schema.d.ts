import type { JsonValue } from './json.js';
type SchemaObject = {
    readonly [key: string]: JsonValue;
};
/** A conjunction: a value must satisfy every member (allOf, $ref and the schema's own keywords). */
type Alt = readonly SchemaObject[];
/** The alternatives a value at one location may take (anyOf/oneOf); empty when none is possible. */
export interface SchemaNode {
    readonly alts: readonly Alt[];
    readonly root: JsonValue;
}
/** JSON types with number split in two, so that "integer" is a subset like any other. */
export type Kind = 'string' | 'boolean' | 'object' | 'array' | 'null' | 'integer' | 'fraction';
/** The node of a tool's whole input. */
export declare function rootNode(schema: JsonValue): SchemaNode;
/** Kinds of a JSON Schema type name ("number" is both integer and fraction). */
export declare function kindsOfType(t: string): Kind[];
/** The kind of a JSON value. */
export declare function kindOf(v: JsonValue): Kind;
/** The kinds a value at this node may have; all seven when the schema does not say. */
export declare function nodeKinds(node: SchemaNode): Set<Kind>;
/** True when some alternative admits `v` by type, enum and const. */
export declare function admits(node: SchemaNode, v: JsonValue): boolean;
/** The values an enum or const allows at this node, when every alternative lists them. */
export declare function listedValues(node: SchemaNode): JsonValue[] | undefined;
/** The node one token below `node`: the object member or array element; no alternatives when none can exist. */
export declare function childNode(node: SchemaNode, token: string): SchemaNode;
/** The member names an object at this node declares, for "did you mean". */
export declare function declaredKeys(node: SchemaNode): string[];
export {};
