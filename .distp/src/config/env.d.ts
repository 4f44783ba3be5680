type Shape = {
    keys: readonly string[];
    child: (key: string) => Shape | undefined;
};
/**
 * Applies overrides such as VERBATIM_LISTEN_PORT=9000 (listen.port), VERBATIM_LIMITS_MAX_BODY_BYTES,
 * VERBATIM_UPSTREAMS_0_URL (array index), or a whole subtree as JSON: VERBATIM_AGENTS='[…]'.
 * Returns the paths it set, so the start-up log can name them.
 */
export declare function applyEnvOverrides(tree: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>, shape: Shape): string[];
export {};
