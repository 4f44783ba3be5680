/** True for `application/json`, optionally with `charset=utf-8`: the one rule the gate and the guard share. */
export declare function isJsonContentType(contentType: string | null | undefined): boolean;
export declare function checkContentHeaders(contentType: string | undefined, contentEncoding: string | undefined): void;
