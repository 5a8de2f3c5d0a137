"""Unit tests of stage0/lexer.py: token kinds, values, spans and errors."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stage0.errors import SPyError  # noqa: E402
from stage0.lexer import Token, tokenize  # noqa: E402


def toks(src: str) -> list[Token]:
    return tokenize(src, "t.spy")


def kinds(src: str) -> list[str]:
    return [t.name for t in toks(src)]


def values(src: str, kind: str) -> list[str]:
    return [t.value for t in toks(src) if t.name == kind]


def error(src: str) -> tuple[str, int, int]:
    with pytest.raises(SPyError) as exc:
        tokenize(src, "t.spy")
    err = exc.value
    assert err.loc is not None
    assert err.loc.filename == "t.spy"
    return err.message, err.loc.line, err.loc.col


# ------------------------------------------------------------ indentation


def test_simple_line():
    assert kinds("x = 1\n") == ["NAME", "EQUAL", "INT", "NEWLINE", "EOF"]


def test_no_final_newline():
    assert kinds("x") == ["NAME", "NEWLINE", "EOF"]


def test_empty_and_blank_files():
    assert kinds("") == ["EOF"]
    assert kinds("\n\n   \n# only a comment\n") == ["EOF"]


def test_nested_blocks_and_dedent_to_several_levels():
    src = "if a:\n    if b:\n        x\n        y\nz\n"
    assert kinds(src) == [
        "IF", "NAME", "COLON", "NEWLINE",
        "INDENT", "IF", "NAME", "COLON", "NEWLINE",
        "INDENT", "NAME", "NEWLINE",
        "NAME", "NEWLINE",
        "DEDENT", "DEDENT", "NAME", "NEWLINE", "EOF",
    ]  # fmt: skip


def test_dedent_one_level_of_two():
    src = "if a:\n  if b:\n    x\n  y\n"
    assert kinds(src) == [
        "IF", "NAME", "COLON", "NEWLINE",
        "INDENT", "IF", "NAME", "COLON", "NEWLINE",
        "INDENT", "NAME", "NEWLINE",
        "DEDENT", "NAME", "NEWLINE",
        "DEDENT", "EOF",
    ]  # fmt: skip


def test_dedents_at_end_of_file_without_newline():
    assert kinds("def f():\n    if x:\n        pass")[-5:] == [
        "PASS",
        "NEWLINE",
        "DEDENT",
        "DEDENT",
        "EOF",
    ]


def test_blank_lines_and_comments_inside_blocks():
    src = "if a:\n    x\n\n      # deeper comment\n# shallow comment\n    y\n"
    assert kinds(src) == [
        "IF", "NAME", "COLON", "NEWLINE",
        "INDENT", "NAME", "NEWLINE", "NAME", "NEWLINE",
        "DEDENT", "EOF",
    ]  # fmt: skip


def test_brackets_span_lines():
    src = "x = [1,\n  2,\n        3]\ny = f(a,\nb)\n"
    assert kinds(src) == [
        "NAME", "EQUAL", "LSQB", "INT", "COMMA", "INT", "COMMA", "INT", "RSQB",
        "NEWLINE",
        "NAME", "EQUAL", "NAME", "LPAR", "NAME", "COMMA", "NAME", "RPAR",
        "NEWLINE", "EOF",
    ]  # fmt: skip


def test_backslash_continuation():
    src = "x = 1 + \\\n        2\ny\n"
    assert kinds(src) == [
        "NAME", "EQUAL", "INT", "PLUS", "INT", "NEWLINE", "NAME", "NEWLINE", "EOF",
    ]  # fmt: skip


def test_tabs_inside_a_line_are_fine():
    assert kinds("x\t=\t1\n") == ["NAME", "EQUAL", "INT", "NEWLINE", "EOF"]


def test_crlf_line_endings():
    assert kinds("if a:\r\n    x\r\n") == [
        "IF", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE",
        "DEDENT", "EOF",
    ]  # fmt: skip


# ---------------------------------------------------------------- tokens


def test_keywords_and_soft_keywords():
    src = "def class return if elif else while for in not and or is pass"
    assert kinds(src)[:14] == [w.upper() for w in src.split()]
    assert kinds("True False None lambda await")[:5] == [
        "TRUE",
        "FALSE",
        "NONE",
        "LAMBDA",
        "AWAIT",
    ]
    # var and const are names: the parser decides
    assert kinds("var const")[:2] == ["NAME", "NAME"]


def test_unicode_names_and_columns():
    ts = toks("été = 'ü' + x\n")
    assert ts[0].name == "NAME" and ts[0].value == "été"
    assert (ts[1].loc.col, ts[3].loc.col, ts[4].loc.col) == (5, 11, 13)


def test_operators():
    src = (
        "-> ** **= // //= >>= <<= >> << <= >= == != := += -= *= /= %= &= |= ^= @ @= ..."
    )
    assert kinds(src)[:24] == [
        "RARROW", "DOUBLESTAR", "DOUBLESTAREQUAL", "DOUBLESLASH",
        "DOUBLESLASHEQUAL", "RIGHTSHIFTEQUAL", "LEFTSHIFTEQUAL", "RIGHTSHIFT",
        "LEFTSHIFT", "LESSEQUAL", "GREATEREQUAL", "EQEQUAL", "NOTEQUAL",
        "COLONEQUAL", "PLUSEQUAL", "MINEQUAL", "STAREQUAL", "SLASHEQUAL",
        "PERCENTEQUAL", "AMPEREQUAL", "VBAREQUAL", "CIRCUMFLEXEQUAL", "AT",
        "ATEQUAL",
    ]  # fmt: skip
    assert kinds("a.b...c")[:4] == ["NAME", "DOT", "NAME", "ELLIPSIS"]


def test_token_spans():
    ts = toks("def f(x):\n    return x ** 2\n")
    assert [(t.name, t.loc.line, t.loc.col, t.loc.end_col) for t in ts[8:12]] == [
        ("RETURN", 2, 5, 11),
        ("NAME", 2, 12, 13),
        ("DOUBLESTAR", 2, 14, 16),
        ("INT", 2, 17, 18),
    ]


def test_integers_keep_their_text():
    src = "0 7 1_000_000 0xff 0XFF 0x_ff 0o17 0O7 0b101 0B1_0 000 0_0"
    assert values(src, "INT") == src.split()


def test_floats():
    src = "1.0 1e-3 .5 1. 1_000.5 1E10 2.5e+3 09.5 0e0 1_0e1_0"
    assert values(src, "FLOAT") == src.split()
    assert kinds("x.y")[:3] == ["NAME", "DOT", "NAME"]


def test_strings_quotes_and_escapes():
    assert values("'a' \"b\" '' \"\"", "STRING") == ["a", "b", "", ""]
    src = r"'\n\t\r\\\'\"\a\b\f\v\0'"
    assert values(src, "STRING") == ["\n\t\r\\'\"\a\b\f\v\0"]
    src = r"'\x41\u00e9\U0001F600\101\7\q'"
    assert values(src, "STRING") == ["A\u00e9\U0001f600A\x07\\q"]


def test_unknown_escapes_are_kept():
    assert values(r"'\q\d'", "STRING") == ["\\q\\d"]


def test_raw_strings():
    assert values(
        r"r'\n\x' R'\'' r'''a\
b'''",
        "STRING",
    ) == ["\\n\\x", "\\'", "a\\\nb"]


def test_triple_quoted_strings():
    ts = toks('x = """one\n"two"\nthree""" + \'\'\'4\'\'\'\n')
    assert ts[2].value == 'one\n"two"\nthree'
    assert (ts[2].loc.line, ts[2].loc.end_line, ts[2].loc.end_col) == (1, 3, 9)
    assert ts[4].value == "4"
    assert [t.name for t in ts[5:]] == ["NEWLINE", "EOF"]


def test_string_line_continuation():
    assert values("'ab\\\ncd'", "STRING") == ["abcd"]


def test_adjacent_strings_are_separate_tokens():
    # the parser concatenates them
    assert values("'ab' \"cd\"", "STRING") == ["ab", "cd"]


def test_u_prefix():
    assert values("u'x' U'y'", "STRING") == ["x", "y"]


# ---------------------------------------------------------------- errors


def test_error_tab_in_indentation():
    assert error("if x:\n\ty\n") == ("tabs are not allowed in indentation", 2, 1)
    assert error("if x:\n  \ty\n") == ("tabs are not allowed in indentation", 2, 3)


def test_error_bad_dedent():
    msg = "unindent does not match any outer indentation level"
    assert error("if x:\n    a\n  b\n") == (msg, 3, 3)


def test_error_unterminated_strings():
    assert error('x = "abc\n') == ("unterminated string literal", 1, 5)
    assert error("x = 1\ny = 'abc") == ("unterminated string literal", 2, 5)
    assert error('s = """abc\n\n') == (
        "unterminated triple-quoted string literal",
        1,
        5,
    )
    assert error('""""') == ("unterminated triple-quoted string literal", 1, 1)


def test_error_bad_characters():
    assert error("x = $\n") == ("invalid character '$' (U+0024)", 1, 5)
    assert error("a ? b\n") == ("invalid character '?' (U+003F)", 1, 3)
    assert error("x = 1\nif !a: pass\n") == ("invalid character '!' (U+0021)", 2, 4)
    assert error("x = `a`") == ("invalid character '`' (U+0060)", 1, 5)
    assert error("x = \x00") == ("invalid character '\\x00' (U+0000)", 1, 5)


def test_error_bad_numbers():
    assert error("x = 0x\n") == ("invalid hexadecimal literal", 1, 5)
    assert error("x = 1__0\n") == ("invalid decimal literal", 1, 5)
    assert error("x = 1_\n") == ("invalid decimal literal", 1, 5)
    assert error("y = 2\nx = 09\n")[1:] == (2, 5)
    assert error("x = 0b102")[0] == "invalid binary literal"
    assert error("x = 0o8")[0] == "invalid octal literal"
    assert error("x = 1.5abc")[0] == "invalid decimal literal"
    assert error("x = 12if")[0] == "invalid decimal literal"


def test_error_f_strings_and_bytes():
    assert error('x = f"a{b}"\n') == ("f-strings are not supported yet", 1, 5)
    assert error("x = rf'a'\n") == ("f-strings are not supported yet", 1, 5)
    assert error("x = 1\ny = b'a'\n") == ("bytes literals are not supported yet", 2, 5)
    assert error("x = Rb'a'\n") == ("bytes literals are not supported yet", 1, 5)


def test_error_bad_escapes():
    assert error("x = 'ab\\x4'") == (
        "truncated \\x escape: expected 2 hex digits",
        1,
        8,
    )
    assert error("x = '\\u12'")[1:] == (1, 6)
    assert error("x = '\\U11111111'")[0] == "illegal Unicode character in \\U escape"
    assert error("x = '''a\nb\\N{DASH}'''")[1:] == (2, 2)


def test_error_brackets():
    assert error("x = (1,\n2\n") == ("'(' was never closed", 1, 5)
    assert error("x = [1)")[1:] == (1, 7)
    assert error("x = 1)\n") == ("unmatched ')'", 1, 6)


def test_error_bad_continuation():
    assert error("x = 1 \\ \n")[1:] == (1, 7)
    assert error("x = 1 \\")[1:] == (1, 7)


def test_error_too_deeply_nested_brackets():
    assert error("x = " + "(" * 300 + ")" * 300)[0] == "too deeply nested"


def test_random_input_only_raises_spyerror():
    import random

    rng = random.Random(1234)
    alphabet = "abc01 \t\n\\'\"#()[]{}:.,=+-*/%!?$@`\x00é\r"
    for _ in range(500):
        n = rng.randrange(40)
        src = "".join(rng.choice(alphabet) for _ in range(n))
        try:
            tokenize(src, "r.spy")
        except SPyError:
            pass


def test_error_too_deeply_nested_blocks():
    # 100 levels of indentation are fine; the first line of the 101st is
    # the error, as in selfhost's lexer
    def nested(levels: int) -> str:
        src = ""
        for i in range(levels):
            src += " " * i + "if a:\n"
        return src + " " * levels + "pass\n"

    tokenize(nested(100), "<test>")
    assert error(nested(101)) == ("too deeply nested", 102, 102)
