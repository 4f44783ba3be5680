"""An MCP server on the Python SDK (mcp 2.3.0): the 2026-07-28 revision beside the session ones, over HTTP or stdio.

    server.py http PORT    Streamable HTTP on 127.0.0.1:PORT/mcp (prints "listening" once it listens)
    server.py stdio        stdio

Every tool it runs appends one JSON line to $EXEC_LOG (when set): what the server executed, for the tests to count.
"""
import json
import os
import sys
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ElicitRequest, ElicitRequestFormParams, InputRequiredResult
from pydantic import Field

app = MCPServer("verbatim-python-server", version="1.0.0")


def ran(tool, **args):
    path = os.environ.get("EXEC_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"tool": tool, "args": args}) + "\n")


@app.tool()
def echo(message: str) -> str:
    """Echoes the message."""
    ran("echo", message=message)
    return f"Echo: {message}"


@app.tool()
def lookup(region: Annotated[str, Field(json_schema_extra={"x-mcp-header": "Region"})], query: str) -> str:
    """Runs a query in a region; the region is mirrored into the Mcp-Param-Region header."""
    ran("lookup", region=region, query=query)
    return f"{region}: {query}"


@app.tool()
def get_env(name: str) -> str:
    """Reads an environment variable (policy denies it)."""
    ran("get_env", name=name)
    return os.environ.get(name, "")


@app.tool()
def confirm(action: str, ctx: Context) -> InputRequiredResult | str:
    """Asks the user to approve the action first (a multi round-trip request at 2026-07-28)."""
    answers = ctx.input_responses or {}
    if "approve" not in answers:
        ask = ElicitRequest(params=ElicitRequestFormParams(message=f"Run {action}?", requested_schema={"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}))
        return InputRequiredResult(input_requests={"approve": ask}, request_state="asked-once")
    answer = answers["approve"]
    content = answer.get("content") if isinstance(answer, dict) else getattr(answer, "content", None)
    ran("confirm", action=action, state=ctx.request_state, content=content)
    return f"{action}: approved={content}, state={ctx.request_state}"


@app.tool()
async def wait_for(path: str) -> str:
    """Answers once a file exists at path: a call that lasts until the test says."""
    import anyio

    while not os.path.exists(path):
        await anyio.sleep(0.02)
    ran("wait_for", path=path)
    return "done"


@app.tool()
async def steps(n: int, ctx: Context) -> str:
    """Reports progress n times, then answers (progress reaches the caller only if it asked, with a progressToken)."""
    for i in range(n):
        await ctx.report_progress(i + 1, n)
    ran("steps", n=n)
    return f"{n} steps"


@app.resource("demo://readme")
def readme() -> str:
    return "read me"


@app.resource("demo://secret")
def secret() -> str:
    return "secret"


@app.prompt()
def greet(who: str) -> str:
    return f"Hello, {who}"


if __name__ == "__main__":
    if sys.argv[1] == "http":
        import anyio
        import uvicorn

        async def main():
            config = uvicorn.Config(app.streamable_http_app(host="127.0.0.1"), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
            server = uvicorn.Server(config)
            original = server.startup

            async def startup(sockets=None):
                await original(sockets)
                print("listening", flush=True)

            server.startup = startup
            await server.serve()

        anyio.run(main)
    else:
        app.run("stdio")
