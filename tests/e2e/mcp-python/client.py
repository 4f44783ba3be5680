"""An MCP client on the Python SDK (mcp 2.3.0), through the gate: one scenario, its outcomes as one JSON object.

    client.py URL TOKEN MODE     MODE: 2026-07-28 (pinned), auto (discover, else initialize) or legacy

Each step records its result or the MCP error (code, message, data) the SDK raised for it.
"""
import json
import sys

import anyio
import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError


async def answer(context, params):
    """Every elicitation is approved (the confirm tool's input_required)."""
    return types.ElicitResult(action="accept", content={"ok": True})


async def step(out, name, fn):
    try:
        out[name] = await fn()
    except MCPError as e:
        out[name] = {"error": {"code": e.code, "message": e.error.message, "data": e.error.data}}


def text(result):
    if isinstance(result, types.CallToolResult):
        return {"text": [c.text for c in result.content if isinstance(c, types.TextContent)], "isError": result.is_error}
    return result.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main(url, token, mode):
    out = {}
    async with httpx2.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        transport = streamable_http_client(url, http_client=http)
        async with Client(transport, mode=mode, elicitation_callback=answer, client_info=types.Implementation(name="verbatim-test", version="1")) as client:
            out["protocol"] = client.protocol_version
            # Before any listing this client mirrors no argument into a header; a HeaderMismatch makes it list and retry.
            await step(out, "lookup_unlisted", lambda: _call(client, "lookup", {"region": "us-west1", "query": "SELECT 0"}))
            await step(out, "tools", lambda: _names(client))
            await step(out, "echo", lambda: _call(client, "echo", {"message": "verbatim"}))
            await step(out, "lookup", lambda: _call(client, "lookup", {"region": "us-west1", "query": "SELECT 1"}))
            await step(out, "get_env", lambda: _call(client, "get_env", {"name": "HOME"}))
            await step(out, "confirm", lambda: _call(client, "confirm", {"action": "deploy"}))
            await step(out, "readme", lambda: _read(client, "demo://readme"))
            await step(out, "secret", lambda: _read(client, "demo://secret"))
            await step(out, "greet", lambda: _prompt(client))
    print(json.dumps(out))


async def _names(client):
    return sorted(t.name for t in (await client.list_tools()).tools)


async def _call(client, name, args):
    return text(await client.call_tool(name, args))


async def _read(client, uri):
    r = await client.read_resource(uri)
    return [c.text for c in r.contents if hasattr(c, "text")]


async def _prompt(client):
    r = await client.get_prompt("greet", {"who": "ada"})
    return [m.content.text for m in r.messages]


if __name__ == "__main__":
    anyio.run(main, *sys.argv[1:4])
