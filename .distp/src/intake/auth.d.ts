export interface AgentCredential {
    id: string;
    token: {
        env: string;
    } | {
        sha256: string;
    };
}
export type Authenticator = (authorization: string | undefined) => string;
/**
 * Resolves each agent's token to its SHA-256 once, at start. A token given by env that is unset
 * is a config error: an agent with no secret must not exist.
 */
export declare function createAuthenticator(agents: readonly AgentCredential[], env: Readonly<Record<string, string | undefined>>): Authenticator;
