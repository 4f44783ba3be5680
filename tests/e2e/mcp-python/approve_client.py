"""An MCP client on the Python SDK (mcp 2.3.0) at 2026-07-28 that calls a tool a person must approve.

    approve_client.py URL TOKEN MESSAGE

The gate answers the call with an `input_required` result (MRTR) whose input request is a URL-mode
elicitation of the console page. The elicitation callback prints {"elicit": …} and waits for a line on
stdin (the test approves in the console meanwhile), then accepts; the SDK sends the call again with
`inputResponses` and `requestState`. The outcome is printed as one JSON line: {"result": …} or {"error": …}.
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
    print(json.dumps({"elicit": params.model_dump(mode="json", by_alias=True, exclude_none=True)}), flush=True)
    await anyio.to_thread.run_sync(sys.stdin.readline)
    return types.ElicitResult(action="accept")


async def main(url, token, message):
    async with httpx2.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        transport = streamable_http_client(url, http_client=http)
        async with Client(transport, mode="2026-07-28", elicitation_callback=answer, client_info=types.Implementation(name="verbatim-approver-test", version="1")) as client:
            await client.list_tools()
            try:
                r = await client.call_tool("echo", {"message": message})
                out = {"result": [c.text for c in r.content if isinstance(c, types.TextContent)]}
            except MCPError as e:
                out = {"error": {"code": e.code, "message": e.error.message, "data": e.error.data}}
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    anyio.run(main, *sys.argv[1:4])
