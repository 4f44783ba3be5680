/** @module tests/e2e/mcp-python/policy: the policy the Python SDK tests run under (server `py`, agent `coder`). */
export const PY_POLICY = `rules:
  - id: py-tools
    effect: allow
    agents: [coder]
    tools: ["mcp:py/tools/call/echo", "mcp:py/tools/call/confirm", "mcp:py/prompts/get/greet"]
  - id: py-lookup-west
    effect: allow
    agents: [coder]
    tools: ["mcp:py/tools/call/lookup"]
    when:
      - { pointer: /region, equals: us-west1 }
  - id: no-env
    effect: deny
    agents: ["*"]
    tools: ["mcp:py/tools/call/get_env"]
  - id: readme
    effect: allow
    agents: [coder]
    tools: ["mcp:py/resources/read"]
    when:
      - { pointer: /uri, equals: "demo://readme" }
`
