"""Step 11 of docs/binding.md: the strict-parse profile of docs/canonical.md, then RFC 8785 (JCS) bytes.

Only the standard library. `canonical_value(body)` returns the value the body denotes, or raises NotCanonical when
the body breaks the profile or is not byte for byte its own RFC 8785 serialisation.
"""
import json
from decimal import Decimal

MAX_BYTES, MAX_DEPTH = 1_048_576, 64
# Go's encoding/json folds keys by Unicode simple case folding; these four runes defeat the upper-then-lower rule.
FOLD_EXCEPTIONS = {0x0131: 0x0131, 0x1FD3: 0x0390, 0x1FE3: 0x03B0, 0xFB05: 0xFB06}


class NotCanonical(ValueError):
    pass


def fold(key):
    out = []
    for c in key:
        cp = ord(c)
        if cp < 0x80:
            out.append(c.lower())
        elif cp in FOLD_EXCEPTIONS:
            out.append(chr(FOLD_EXCEPTIONS[cp]))
        else:
            up = c.upper()
            low = (up if len(up) == 1 else c).lower()
            out.append(low if len(low) == 1 else (c.lower() if len(c.lower()) == 1 else c))
    return "".join(out)


def check_text(s):
    for c in s:
        cp = ord(c)
        if cp == 0 or 0xD800 <= cp <= 0xDFFF or 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE:
            raise NotCanonical("NUL, lone surrogate or noncharacter")


def check(value, depth=1, ctor=False):
    """The rules json.loads does not apply: depth, keys that collide or reach a prototype, forbidden characters."""
    if isinstance(value, (dict, list)) and depth > MAX_DEPTH:
        raise NotCanonical("too deep")
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, list):
        for v in value:
            check(v, depth + 1)
    elif isinstance(value, dict):
        folds = set()
        for k, v in value.items():
            check_text(k)
            if k == "__proto__" or (k == "prototype" and ctor):
                raise NotCanonical("prototype key")
            if fold(k) in folds:
                raise NotCanonical("keys collide under case folding")
            folds.add(fold(k))
            check(v, depth + 1, k == "constructor")


def no_duplicates(pairs):
    if len({k for k, _ in pairs}) != len(pairs):
        raise NotCanonical("duplicate key")
    return dict(pairs)


def refuse_constant(name):
    raise NotCanonical(name)


def es_number(x):
    """ECMAScript Number::toString, which RFC 8785 §3.2.2.3 prescribes."""
    if x != x or x in (float("inf"), float("-inf")):
        raise NotCanonical("not a finite number")
    if x == 0:
        return "0"
    if x < 0:
        return "-" + es_number(-x)
    t = Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    k, n = len(digits), len(digits) + t.exponent
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    return digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def es_string(s):
    return '"' + "".join(SHORT.get(c) or ("\\u%04x" % ord(c) if ord(c) < 0x20 else c) for c in s) + '"'


def jcs(value):
    """RFC 8785: keys sorted by UTF-16 code units (§3.2.3), ECMAScript numbers and strings."""
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return es_number(float(value))
    if isinstance(value, str):
        return es_string(value)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
    return "{" + ",".join(es_string(k) + ":" + jcs(value[k]) for k in keys) + "}"


def number(literal):
    """docs/canonical.md, the number rule: the literal's decimal value equals that of its RFC 8785 serialisation."""
    x = float(literal)
    if Decimal(literal) != Decimal(es_number(x)):  # es_number refuses infinities; 1e-400 becomes "0"
        raise NotCanonical("a number whose RFC 8785 form has another value")
    return x if any(c in literal for c in ".eE") else int(literal)


def strict_value(body):
    """The strict parse alone (docs/canonical.md): the value, or NotCanonical. Says nothing of the spelling."""
    if len(body) > MAX_BYTES or body.startswith(b"\xef\xbb\xbf"):
        raise NotCanonical("too large, or a byte order mark")
    try:
        text = body.decode("utf-8")  # strict: overlongs, encoded surrogates and code points above U+10FFFF fail
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=refuse_constant, parse_float=number, parse_int=number)
        check(value)
    except (ValueError, RecursionError, OverflowError, UnicodeError) as e:
        raise NotCanonical(str(e)) from e
    return value


_UNSET = object()


def canonical_value(body, value=_UNSET):
    """Step 11: the strict parse (or its result, `value`), then the RFC 8785 bytes must be the body."""
    if value is _UNSET:
        value = strict_value(body)
    try:
        again = jcs(value).encode("utf-8")
    except (ValueError, RecursionError, OverflowError) as e:
        raise NotCanonical(str(e)) from e
    if again != body:
        raise NotCanonical("not the RFC 8785 form of its value")
    return value
