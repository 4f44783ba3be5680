"""docs/binding.md §13: the MCP profile. One JSON-RPC message (§13.2), its name (§13.3), and step 9 under it (§13.4).

Only the standard library. Every failure here is ERR_GUARD_TARGET_MISMATCH; the strict parse before it is the caller's.
"""
import base64
import binascii
import hashlib
import re

SAFE = 2**53 - 1
NAME = re.compile(r"[\x21-\x7e]{1,128}")  # used with fullmatch: a final newline must not slip through
RESERVED = ("response", "stream", "session/delete")
NAMED_PREFIXES = ("tools/call/", "prompts/get/")


META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion"
SENTINEL = re.compile(r"=\?base64\?(.*)\?=", re.S)  # used with fullmatch
FIELD_VALUE = re.compile(r"[\x20-\x7e\t]*")


class NotMcp(ValueError):
    pass


def decode_header_value(value):
    """§13.4 step 9g: a =?base64?…?= value is the UTF-8 text of its canonical Base64 payload; None when malformed."""
    m = SENTINEL.fullmatch(value)
    if m is None:
        return value
    payload = m.group(1)
    try:
        raw = base64.b64decode(payload, validate=True)
        if base64.b64encode(raw).decode("ascii") != payload:
            return None
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def is_object(v):
    return isinstance(v, dict)


def is_id(v):
    """§13.2: a String, or a Number whose value is an integer of magnitude at most 2^53 - 1 (never a boolean)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, str):
        return True
    if isinstance(v, int):
        return abs(v) <= SAFE
    return isinstance(v, float) and v.is_integer() and abs(v) <= SAFE


def read_rpc(v):
    """§13.2, read_rpc: returns (kind, message) with kind 'request', 'notification' or 'response'."""
    if not is_object(v):
        raise NotMcp("not an object (a batch is an array)")
    if v.get("jsonrpc") != "2.0":
        raise NotMcp('jsonrpc is not "2.0"')
    if "id" in v and not is_id(v["id"]):
        raise NotMcp("id")
    if "method" not in v:
        if "id" not in v or ("result" in v) == ("error" in v):
            raise NotMcp("a response needs an id and exactly one of result, error")
        if "error" in v and not is_object(v["error"]):
            raise NotMcp("error is not an object")
        return "response", v
    if not isinstance(v["method"], str) or v["method"] == "":
        raise NotMcp("method")
    if "result" in v or "error" in v:
        raise NotMcp("a request with result or error")
    if "params" in v and not is_object(v["params"]):
        raise NotMcp("params is not an object")
    return ("request" if "id" in v else "notification"), v


def is_name(s):
    return isinstance(s, str) and NAME.fullmatch(s) is not None


def suffix_of(kind, msg):
    """§13.3, suffix_of: (suffix, name), name None when the message names nothing."""
    if kind == "response":
        return "/response", None
    method, params = msg["method"], msg.get("params", {})
    if method in ("tools/call", "prompts/get"):
        n = params.get("name")
        if not is_name(n):
            raise NotMcp("name")
        if "arguments" in params and not is_object(params["arguments"]):
            raise NotMcp("arguments")
        return f"/{method}/{n}", n
    if method == "resources/read":
        u = params.get("uri")
        if not isinstance(u, str):
            raise NotMcp("uri")
        return "/resources/read", u
    if not is_name(method) or method in RESERVED or method.startswith(NAMED_PREFIXES):
        raise NotMcp("method")
    return "/" + method, None


def check_target(method, decision, header, message):
    """Step 9d-9h for a request whose suffix is known. message: None for GET and DELETE, else (kind, msg, suffix, name)."""
    suffix = ("/stream" if method == "GET" else "/session/delete") if message is None else message[2]
    tool = decision["tool"]
    i = tool.find("/")
    if not tool.startswith("mcp:") or i in (-1, 4) or tool[i:] != suffix:  # 9d
        raise NotMcp("the decision names another message")
    if decision.get("session") != header("mcp-session-id"):  # 9e: absent equals only absent
        raise NotMcp("Mcp-Session-Id")
    if decision.get("protocol") != header("mcp-protocol-version"):  # 9f
        raise NotMcp("MCP-Protocol-Version")
    if message is None:  # 9g: a GET or DELETE carries no message, so no routing header is examined
        return
    kind, msg, _, name = message
    m, n = header("mcp-method"), header("mcp-name")
    if m is not None and (kind == "response" or m != msg["method"]):
        raise NotMcp("Mcp-Method")
    if n is not None and (name is None or decode_header_value(n) != name):
        raise NotMcp("Mcp-Name")
    meta = msg.get("params", {}).get("_meta") if kind != "response" else None  # 9h
    if isinstance(meta, dict) and META_PROTOCOL_VERSION in meta:
        declared = meta[META_PROTOCOL_VERSION]
        if not isinstance(declared, str) or declared != decision.get("protocol"):
            raise NotMcp("the revision _meta declares")


def check_param_headers(decision, header, names):
    """Step 9i: the SHA-256 of the Mcp-Param-* headers, "name:value\\n" each, lowercased and sorted, is param-headers."""
    lines = sorted((n, header(n)) for n in {x.lower() for x in names if x.lower().startswith("mcp-param-")})
    if any(FIELD_VALUE.fullmatch(v) is None for _, v in lines):
        raise NotMcp("an Mcp-Param header the gate cannot have sent")
    digest = hashlib.sha256("".join(f"{n}:{v}\n" for n, v in lines).encode("ascii")).digest() if lines else None
    if digest != decision.get("param-headers"):
        raise NotMcp("Mcp-Param headers")
