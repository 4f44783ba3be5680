/** @module binding/signature-base: the profile constants and the RFC 9421 §2.5 signature base. */
import type { InnerList } from 'structured-headers';
/** The signature label the gate uses (RFC 9421 §4.1). Verifiers select by `tag`, not by label. */
export declare const SIGNATURE_LABEL = "verbatim";
/** The application tag (RFC 9421 §2.3 `tag`) that marks a Verbatim binding. */
export declare const SIGNATURE_TAG = "verbatim-v1";
/** RFC 9421 §6.2.2 registered name for Ed25519 (§3.3.6). */
export declare const SIGNATURE_ALG = "ed25519";
/** The covered components, exactly this list in this order. */
export declare const COVERED_COMPONENTS: readonly ["@method", "@path", "@query", "content-digest", "verbatim-decision"];
/** The signature parameters, in the order the gate serialises them. */
export declare const SIGNATURE_PARAMS: readonly ["created", "expires", "nonce", "keyid", "alg", "tag"];
export interface SignatureParams {
    created: number;
    expires: number;
    nonce: string;
    keyid: string;
    alg: string;
    tag: string;
}
/** The value of each covered component, keyed by component name. */
export type ComponentValues = Record<(typeof COVERED_COMPONENTS)[number], string>;
/** RFC 9421 §2.2.7: `@query` is the query with its leading `?`, or `?` when there is none. */
export declare function queryComponent(query: string | undefined): string;
/** The Signature-Input member as an RFC 8941 Inner List with parameters. */
export declare function signatureParamsList(params: SignatureParams): InnerList;
/** RFC 9421 §2.3: the `@signature-params` value, the serialised inner list. */
export declare function serializeSignatureParams(list: InnerList): string;
/**
 * Builds the signature base (RFC 9421 §2.5): one line `"name": value` per covered component,
 * in order, then `"@signature-params": <serialised inner list>`, joined by LF, no trailing LF.
 */
export declare function signatureBase(values: ComponentValues, signatureParams: string): string;
