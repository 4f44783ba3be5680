/** @module policy/matchers/shell-constructs: the shell constructs a rule can allow by name; each is refused unless allowed (docs/policy.md, "shell"). */

export const SHELL_CONSTRUCTS = [
  'sequence', 'and', 'or', 'pipe', 'background', 'negation', 'subshell', 'group', 'redirect', 'heredoc',
  'assignment', 'declaration', 'function', 'compound', 'parameter', 'command-substitution', 'arithmetic',
  'process-substitution', 'glob', 'brace', 'tilde', 'dollar-quote', 'hidden-characters',
] as const
export type Construct = (typeof SHELL_CONSTRUCTS)[number]
