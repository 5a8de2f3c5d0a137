"""Lexer: SPy source text -> a list of tokens with INDENT/DEDENT.

Phase 1 of the pipeline (see docs/architecture.md section 3); the parser comes next.
Entry point: `tokenize(source, filename) -> list[Token]`.

It works in two steps:

1. an rply `LexerGenerator` cuts the text into raw tokens: names,
   numbers, strings, operators, plus `NL` (a newline) and `CONT` (a `\\`
   line continuation); spaces and comments are skipped;
2. `indent_pass` follows Python's rules to turn the raw newlines into
   NEWLINE, INDENT and DEDENT: newlines inside () [] {} are ignored, blank
   and comment-only lines are ignored, and the stream always ends with
   NEWLINE (if a line was open), the pending DEDENTs and EOF.

Token kinds: NAME, INT, FLOAT, STRING, NEWLINE, INDENT, DEDENT, EOF, one
kind per keyword (`def` -> DEF, `True` -> TRUE...) and one per operator
(named as in Python's `token` module: LPAR, PLUSEQUAL, RARROW, ELLIPSIS...).
`var` and `const` are plain NAMEs: the parser treats them as soft keywords.
A STRING's value is the decoded text; INT and FLOAT keep their source text.
Columns count code points, are 1-based, and `end_col` is exclusive.
"""

import re
from typing import Any

from rply import LexerGenerator
from rply.errors import LexingError

from stage0.errors import Loc, SPyError


class Token:
    """One token: its kind (`name`), its text or decoded value, its span."""

    name: str
    value: str
    loc: Loc

    def __init__(self, name: str, value: str, loc: Loc) -> None:
        self.name = name
        self.value = value
        self.loc = loc

    def gettokentype(self) -> str:
        # the one method rply's parser calls on a token
        return self.name

    def __repr__(self) -> str:
        return "Token(%s, %r, %d:%d)" % (
            self.name,
            self.value,
            self.loc.line,
            self.loc.col,
        )


KEYWORDS: dict[str, str] = {
    "def": "DEF",
    "class": "CLASS",
    "return": "RETURN",
    "if": "IF",
    "elif": "ELIF",
    "else": "ELSE",
    "while": "WHILE",
    "for": "FOR",
    "in": "IN",
    "not": "NOT",
    "and": "AND",
    "or": "OR",
    "is": "IS",
    "pass": "PASS",
    "break": "BREAK",
    "continue": "CONTINUE",
    "import": "IMPORT",
    "from": "FROM",
    "as": "AS",
    "True": "TRUE",
    "False": "FALSE",
    "None": "NONE",
    "assert": "ASSERT",
    "raise": "RAISE",
    "lambda": "LAMBDA",
    "try": "TRY",
    "except": "EXCEPT",
    "finally": "FINALLY",
    "with": "WITH",
    "del": "DEL",
    "global": "GLOBAL",
    "nonlocal": "NONLOCAL",
    "yield": "YIELD",
    "async": "ASYNC",
    "await": "AWAIT",
}

OPERATORS: dict[str, str] = {
    "(": "LPAR",
    ")": "RPAR",
    "[": "LSQB",
    "]": "RSQB",
    "{": "LBRACE",
    "}": "RBRACE",
    ":": "COLON",
    ",": "COMMA",
    ";": "SEMI",
    "+": "PLUS",
    "-": "MINUS",
    "*": "STAR",
    "/": "SLASH",
    "|": "VBAR",
    "&": "AMPER",
    "<": "LESS",
    ">": "GREATER",
    "=": "EQUAL",
    ".": "DOT",
    "%": "PERCENT",
    "==": "EQEQUAL",
    "!=": "NOTEQUAL",
    "<=": "LESSEQUAL",
    ">=": "GREATEREQUAL",
    "~": "TILDE",
    "^": "CIRCUMFLEX",
    "<<": "LEFTSHIFT",
    ">>": "RIGHTSHIFT",
    "**": "DOUBLESTAR",
    "+=": "PLUSEQUAL",
    "-=": "MINEQUAL",
    "*=": "STAREQUAL",
    "/=": "SLASHEQUAL",
    "%=": "PERCENTEQUAL",
    "&=": "AMPEREQUAL",
    "|=": "VBAREQUAL",
    "^=": "CIRCUMFLEXEQUAL",
    "<<=": "LEFTSHIFTEQUAL",
    ">>=": "RIGHTSHIFTEQUAL",
    "**=": "DOUBLESTAREQUAL",
    "//": "DOUBLESLASH",
    "//=": "DOUBLESLASHEQUAL",
    "@": "AT",
    "@=": "ATEQUAL",
    "->": "RARROW",
    "...": "ELLIPSIS",
    ":=": "COLONEQUAL",
}

OPEN_BRACKETS: dict[str, str] = {"(": ")", "[": "]", "{": "}"}

# deeper bracket nesting is an error, as in CPython
MAX_BRACKET_DEPTH = 200

# so is deeper block nesting: the first line of the block past the limit
# is "too deeply nested", in both compilers before any parsing (selfhost's
# parser recurses once per block)
MAX_INDENT_DEPTH = 100

# ------------------------------------------------------------- raw tokens

_PREFIX = r"(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?"
_DIGITS = r"[0-9](?:_?[0-9])*"
_EXPONENT = r"[eE][+-]?" + _DIGITS

_STRING_RE = (
    _PREFIX + r"(?:'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?!'')(?:[^'\\\n]|\\.)*'"
    r'|"(?!"")(?:[^"\\\n]|\\.)*")'
)
_FLOAT_RE = "(?:%(d)s)?\\.%(d)s(?:%(e)s)?|%(d)s\\.(?:%(e)s)?|%(d)s%(e)s" % {
    "d": _DIGITS,
    "e": _EXPONENT,
}
_INT_RE = (
    r"0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+"
    r"|[1-9](?:_?[0-9])*|0+(?:_?0)*"
)
_OP_RE = (
    r"\*\*=|//=|>>=|<<=|\.\.\.|->|\*\*|//|>>|<<|<=|>=|==|!=|:=|\+=|-=|\*="
    r"|/=|%=|&=|\|=|\^=|@=|[-+*/%&|^~<>=.,:;@()\[\]{}]"
)

# the characters that may not directly follow a number literal
_NUMBER_TAIL_RE = re.compile(r"\w+")


def build_raw_lexer() -> Any:  # an rply Lexer (rply is untyped)
    lg = LexerGenerator()
    lg.ignore(r"[ \t\f]+")
    lg.ignore(r"#[^\n]*")
    # first match wins: strings before names (r"x"), floats before ints
    lg.add("STRING", _STRING_RE, re.DOTALL)
    lg.add("UNTERMINATED3", _PREFIX + "(?:'''|\"\"\")")
    lg.add("UNTERMINATED", _PREFIX + "['\"]")
    lg.add("FLOAT", _FLOAT_RE)
    lg.add("INT", _INT_RE)
    lg.add("NAME", r"[^\W\d]\w*")
    lg.add("NL", r"\n")
    lg.add("CONT", r"\\\n")
    lg.add("OP", _OP_RE)
    lg.add("BADCHAR", r".", re.DOTALL)
    return lg.build()


_RAW_LEXER = build_raw_lexer()


def loc_of_text(filename: str, line: int, col: int, text: str) -> Loc:
    """The span of `text` when it starts at line:col."""
    nl = text.rfind("\n")
    if nl < 0:
        return Loc(filename, line, col, line, col + len(text))
    return Loc(filename, line, col, line + text.count("\n"), len(text) - nl)


def raw_tokens(source: str, filename: str) -> list[Token]:
    """Step 1: the rply lexer's tokens, with kinds, values and spans."""
    out: list[Token] = []
    stream = _RAW_LEXER.lex(source)
    while True:
        try:
            rtok = stream.next()
        except StopIteration:
            break
        except LexingError:
            # unreachable: BADCHAR matches any character
            raise SPyError("invalid character", None)
        kind: str = rtok.name
        text: str = rtok.value
        pos = rtok.source_pos
        loc = loc_of_text(filename, pos.lineno, pos.colno, text)
        if kind == "NAME":
            if text in KEYWORDS:
                kind = KEYWORDS[text]
            elif not text.isascii() and not text.isidentifier():
                raise SPyError("invalid character in identifier", loc)
        elif kind == "OP":
            kind = OPERATORS[text]
        elif kind == "INT" or kind == "FLOAT":
            check_number_end(source, pos.idx + len(text), text, loc)
        elif kind == "STRING":
            text = decode_string(text, loc)
        elif kind == "UNTERMINATED3":
            check_string_prefix(text, loc)
            raise SPyError("unterminated triple-quoted string literal", loc)
        elif kind == "UNTERMINATED":
            check_string_prefix(text, loc)
            raise SPyError("unterminated string literal", loc)
        elif kind == "BADCHAR":
            raise_bad_char(source, pos.idx, loc)
        out.append(Token(kind, text, loc))
    return out


def raise_bad_char(source: str, idx: int, loc: Loc) -> None:
    ch = source[idx]
    if ch == "\\":
        if idx + 1 >= len(source):
            raise SPyError("unexpected end of file after `\\`", loc)
        raise SPyError("unexpected character after line continuation `\\`", loc)
    if ch.isprintable():
        shown = "'" + ch + "'"
    else:
        shown = "%r" % ch
    raise SPyError("invalid character %s (U+%04X)" % (shown, ord(ch)), loc)


def check_number_end(source: str, end: int, text: str, loc: Loc) -> None:
    """A number directly followed by a letter, digit or `_` is invalid."""
    m = _NUMBER_TAIL_RE.match(source, end)
    if m is None:
        return
    full = text + m.group(0)
    bad = loc_of_text(loc.filename, loc.line, loc.col, full)
    start = full[:2].lower()
    if start == "0x":
        msg = "invalid hexadecimal literal"
    elif start == "0o":
        msg = "invalid octal literal"
    elif start == "0b":
        msg = "invalid binary literal"
    elif text.strip("0_") == "" and full[len(text)].isdigit():
        msg = "leading zeros in decimal integer literals are not permitted"
    else:
        msg = "invalid decimal literal"
    raise SPyError(msg, bad)


# ---------------------------------------------------------------- strings

_SIMPLE_ESCAPES: dict[str, str] = {
    "\n": "",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

_HEX_DIGITS = "0123456789abcdefABCDEF"


def check_string_prefix(text: str, loc: Loc) -> str:
    """Reject f-strings and bytes; return the lowercased prefix."""
    i = 0
    while text[i] != "'" and text[i] != '"':
        i += 1
    prefix = text[:i].lower()
    if "f" in prefix:
        raise SPyError("f-strings are not supported yet", loc)
    if "b" in prefix:
        raise SPyError("bytes literals are not supported yet", loc)
    return prefix


def decode_string(text: str, loc: Loc) -> str:
    """The value of a complete string literal (prefix and quotes included)."""
    prefix = check_string_prefix(text, loc)
    start = len(prefix)
    quote_len = 1
    if text[start : start + 3] == '"""' or text[start : start + 3] == "'''":
        quote_len = 3
    body_start = start + quote_len
    body_end = len(text) - quote_len
    if "r" in prefix:
        return text[body_start:body_end]
    parts: list[str] = []
    i = body_start
    while i < body_end:
        j = text.find("\\", i, body_end)
        if j < 0:
            parts.append(text[i:body_end])
            break
        parts.append(text[i:j])
        # the regex guarantees a character after each backslash
        c = text[j + 1]
        i = j + 2
        if c in _SIMPLE_ESCAPES:
            parts.append(_SIMPLE_ESCAPES[c])
        elif c >= "0" and c <= "7":
            k = i
            while k < body_end and k < j + 4 and text[k] >= "0" and text[k] <= "7":
                k += 1
            parts.append(chr(int(text[j + 1 : k], 8)))
            i = k
        elif c == "x" or c == "u" or c == "U":
            n = 2
            if c == "u":
                n = 4
            elif c == "U":
                n = 8
            digits = text[i : i + n]
            ok = len(digits) == n and i + n <= body_end
            for d in digits:
                if d not in _HEX_DIGITS:
                    ok = False
            if not ok:
                raise SPyError(
                    "truncated \\%s escape: expected %d hex digits" % (c, n),
                    escape_loc(text, j, loc),
                )
            code = int(digits, 16)
            if code > 0x10FFFF:
                raise SPyError(
                    "illegal Unicode character in \\U escape",
                    escape_loc(text, j, loc),
                )
            parts.append(chr(code))
            i = i + n
        elif c == "N":
            raise SPyError(
                "\\N{...} escapes are not supported yet", escape_loc(text, j, loc)
            )
        else:
            # unknown escapes are kept, like Python does
            parts.append("\\" + c)
    return "".join(parts)


def escape_loc(text: str, offset: int, loc: Loc) -> Loc:
    """The 2-character span of the escape at `offset` in a literal at loc."""
    before = text[:offset]
    nl = before.rfind("\n")
    if nl < 0:
        line = loc.line
        col = loc.col + offset
    else:
        line = loc.line + before.count("\n")
        col = offset - nl
    return Loc(loc.filename, line, col, line, col + 2)


# ------------------------------------------------------------ indentation


def indent_pass(raw: list[Token], source: str, filename: str) -> list[Token]:
    """Step 2: NL/CONT -> NEWLINE, INDENT, DEDENT; check the brackets."""
    lines = source.split("\n")
    out: list[Token] = []
    indents: list[int] = [0]
    brackets: list[Token] = []
    at_line_start = True
    last: Token | None = None
    for tok in raw:
        if tok.name == "NL":
            if len(brackets) == 0 and not at_line_start:
                nl = tok.loc
                loc = Loc(filename, nl.line, nl.col, nl.line, nl.col + 1)
                out.append(Token("NEWLINE", "", loc))
                at_line_start = True
            continue
        if tok.name == "CONT":
            continue
        if at_line_start:
            at_line_start = False
            indent_line(tok, lines, indents, out)
        if tok.name == "LPAR" or tok.name == "LSQB" or tok.name == "LBRACE":
            if len(brackets) >= MAX_BRACKET_DEPTH:
                raise SPyError("too deeply nested", tok.loc)
            brackets.append(tok)
        elif tok.name == "RPAR" or tok.name == "RSQB" or tok.name == "RBRACE":
            check_close(tok, brackets)
        out.append(tok)
        last = tok
    if len(brackets) > 0:
        opener = brackets[len(brackets) - 1]
        raise SPyError("'%s' was never closed" % opener.value, opener.loc)
    # the synthetic end tokens carry the location of the last real token
    end_loc = Loc(filename, 1, 1, 1, 1)
    if last is not None:
        end_loc = last.loc
    if not at_line_start:
        out.append(Token("NEWLINE", "", end_loc))
    while len(indents) > 1:
        indents.pop()
        out.append(Token("DEDENT", "", end_loc))
    out.append(Token("EOF", "", end_loc))
    return out


def indent_line(
    tok: Token, lines: list[str], indents: list[int], out: list[Token]
) -> None:
    """`tok` starts a logical line: emit INDENT or DEDENTs before it."""
    line = tok.loc.line
    width = tok.loc.col - 1
    leading = lines[line - 1][:width]
    tab = leading.find("\t")
    if tab >= 0:
        raise SPyError(
            "tabs are not allowed in indentation",
            Loc(tok.loc.filename, line, tab + 1, line, tab + 2),
        )
    current = indents[len(indents) - 1]
    if width > current:
        if len(indents) > MAX_INDENT_DEPTH:
            raise SPyError("too deeply nested", tok.loc)
        indents.append(width)
        out.append(
            Token("INDENT", leading, Loc(tok.loc.filename, line, 1, line, width + 1))
        )
        return
    zero = Loc(tok.loc.filename, line, tok.loc.col, line, tok.loc.col)
    while width < indents[len(indents) - 1]:
        indents.pop()
        out.append(Token("DEDENT", "", zero))
    if width != indents[len(indents) - 1]:
        raise SPyError("unindent does not match any outer indentation level", tok.loc)


def check_close(tok: Token, brackets: list[Token]) -> None:
    if len(brackets) == 0:
        raise SPyError("unmatched '%s'" % tok.value, tok.loc)
    opener = brackets.pop()
    if OPEN_BRACKETS[opener.value] != tok.value:
        raise SPyError(
            "closing '%s' does not match opening '%s' on line %d"
            % (tok.value, opener.value, opener.loc.line),
            tok.loc,
        )


# ----------------------------------------------------------------- entry


def tokenize(source: str, filename: str) -> list[Token]:
    """Cut SPy source into tokens; raise SPyError on the first bad one."""
    source = source.removeprefix("\ufeff")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    raw = raw_tokens(source, filename)
    return indent_pass(raw, source, filename)
