"""Structured Field Values (RFC 9651, which revises RFC 8941): a Dictionary parser and the serialiser of Inner Lists.

Bare items are (type, value) pairs: "s" String, "i" Integer, "d" Decimal (value is the text, e.g. "1.50"),
"t" Token, "b" Byte Sequence (bytes), "?" Boolean, "@" Date (int), "%" Display String (str).
Written from the RFC for docs/binding.md; only the standard library.
"""
import base64
import re

KEY = re.compile(r"[a-z*][a-z0-9_.*-]*")
TOKEN = re.compile(r"[A-Za-z*][A-Za-z0-9:/!#$%&'*+.^_`|~-]*")
NUMBER = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")
TRUE = ("?", True)


class SFError(ValueError):
    pass


class Parser:
    def __init__(self, text):
        self.s, self.i = text, 0

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip(self, chars):
        while self.peek() and self.peek() in chars:
            self.i += 1

    def match(self, pattern, what):
        m = pattern.match(self.s, self.i)
        if not m:
            raise SFError(what)
        self.i = m.end()
        return m

    def dictionary(self):  # RFC 9651 §4.2.2, and docs/binding.md §3: no key written twice (RFC 9651 keeps the last)
        d = {}
        self.skip(" ")
        while self.i < len(self.s):
            key = self.match(KEY, "key").group()
            if key in d:
                raise SFError("a key written twice")
            if self.peek() == "=":
                self.i += 1
                d[key] = self.item_or_inner_list()
            else:
                d[key] = ("item", TRUE, self.params())
            self.skip(" \t")
            if self.i >= len(self.s):
                return d
            if self.peek() != ",":
                raise SFError("expected a comma")
            self.i += 1
            self.skip(" \t")
            if self.i >= len(self.s):
                raise SFError("trailing comma")
        return d

    def item_or_inner_list(self):
        if self.peek() != "(":
            return ("item", self.bare(), self.params())
        self.i += 1
        items = []
        while self.i < len(self.s):  # RFC 9651 §4.2.1.2
            self.skip(" ")
            if self.peek() == ")":
                self.i += 1
                return ("list", items, self.params())
            items.append((self.bare(), self.params()))
            if self.peek() not in (" ", ")"):
                raise SFError("inner list")
        raise SFError("unterminated inner list")

    def params(self):  # RFC 9651 §4.2.3.2: a repeated key keeps its first place and its last value
        p = {}
        while self.peek() == ";":
            self.i += 1
            self.skip(" ")
            key = self.match(KEY, "parameter key").group()
            value = TRUE
            if self.peek() == "=":
                self.i += 1
                value = self.bare()
            p[key] = value
        return p

    def bare(self):  # RFC 9651 §4.2.3.1
        c = self.peek()
        if c == "-" or c.isdigit() and c.isascii():
            return self.number()
        if c == '"':
            return ("s", self.string())
        if c == ":":
            return ("b", self.byte_sequence())
        if c == "?":
            v = self.s[self.i + 1:self.i + 2]
            if v not in ("0", "1"):
                raise SFError("boolean")
            self.i += 2
            return ("?", v == "1")
        if c == "@":
            self.i += 1
            kind, value = self.number()
            if kind != "i":
                raise SFError("date")
            return ("@", value)
        if c == "%":
            return ("%", self.display_string())
        if c and TOKEN.match(self.s, self.i):
            return ("t", self.match(TOKEN, "token").group())
        raise SFError("item")

    def number(self):  # RFC 9651 §4.2.4
        m = self.match(NUMBER, "number")
        whole, frac = m.group(1), m.group(2)
        if frac is None:
            if len(whole) > 15:
                raise SFError("integer too long")
            return ("i", int(m.group()))
        if len(whole) > 12 or len(frac) > 3:
            raise SFError("decimal too long")
        return ("d", m.group())

    def string(self):  # RFC 9651 §4.2.5
        self.i += 1
        out = []
        while self.i < len(self.s):
            c = self.s[self.i]
            self.i += 1
            if c == "\\":
                nxt = self.s[self.i:self.i + 1]
                if nxt not in ('"', "\\"):
                    raise SFError("escape")
                out.append(nxt)
                self.i += 1
            elif c == '"':
                return "".join(out)
            elif not " " <= c <= "~":
                raise SFError("string character")
            else:
                out.append(c)
        raise SFError("unterminated string")

    def byte_sequence(self):  # RFC 9651 §4.2.7, decoded as forgivingly as a browser's atob
        end = self.s.find(":", self.i + 1)
        if end < 0:
            raise SFError("unterminated byte sequence")
        raw = self.s[self.i + 1:end]
        self.i = end + 1
        if not re.fullmatch(r"[A-Za-z0-9+/=]*", raw):
            raise SFError("byte sequence")
        if len(raw) % 4 == 0:
            raw = re.sub(r"={1,2}$", "", raw)
        if "=" in raw or len(raw) % 4 == 1:
            raise SFError("byte sequence")
        return base64.b64decode(raw + "=" * (-len(raw) % 4))

    def display_string(self):  # RFC 9651 §4.2.10
        if self.s[self.i:self.i + 2] != '%"':
            raise SFError("display string")
        self.i += 2
        out = bytearray()
        while self.i < len(self.s):
            c = self.s[self.i]
            self.i += 1
            if c == "%":
                h = self.s[self.i:self.i + 2]
                if not re.fullmatch(r"[0-9a-f]{2}", h):
                    raise SFError("display string escape")
                out.append(int(h, 16))
                self.i += 2
            elif c == '"':
                return out.decode("utf-8")
            elif not " " <= c <= "~":
                raise SFError("display string character")
            else:
                out += c.encode()
        raise SFError("unterminated display string")


def parse_dictionary(text):
    return Parser(text).dictionary()


def serialize_bare(v):  # RFC 9651 §4.1.3
    kind, x = v
    if kind == "s":
        return '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind == "i":
        return str(x)
    if kind == "d":
        whole, _, frac = x.lstrip("-").partition(".")
        return ("-" if x.startswith("-") else "") + str(int(whole)) + "." + (frac.rstrip("0") or "0")
    if kind == "b":
        return ":" + base64.b64encode(x).decode() + ":"
    if kind == "?":
        return "?1" if x else "?0"
    if kind == "@":
        return "@" + str(x)
    if kind == "%":
        return '%"' + "".join(chr(b) if 0x20 <= b <= 0x7E and b not in (0x22, 0x25) else "%%%02x" % b for b in x.encode()) + '"'
    return x  # token


def serialize_params(p):
    return "".join(";" + k + ("" if v == TRUE else "=" + serialize_bare(v)) for k, v in p.items())


def serialize_inner_list(items, params):  # RFC 9651 §4.1.1.1
    return "(" + " ".join(serialize_bare(v) + serialize_params(p) for v, p in items) + ")" + serialize_params(params)


def split_members(field):
    """A Dictionary field split at the commas outside sf-strings, each member trimmed of SP and HTAB."""
    out, start, quoted, i = [], 0, False, 0
    while i < len(field):
        c = field[i]
        if quoted and c == "\\":
            i += 1
        elif c == '"':
            quoted = not quoted
        elif c == "," and not quoted:
            out.append(field[start:i].strip(" \t"))
            start = i + 1
        i += 1
    out.append(field[start:].strip(" \t"))
    return out


def member_key(member):
    m = KEY.match(member)
    return m.group() if m else ""
