"""Parser: tokens -> AST (the nodes of stage0/ast.py).

Phase 2 of the pipeline: it reads the lexer's tokens and feeds the scope
pass. Entry point: `parse_module(source, filename) -> ast.Module`.

The grammar is an rply `ParserGenerator` (LALR(1)); the rule handled by
each production function is the string in its decorator, and
`selfhost/parser.spy` copies that text above its recursive-descent twin.
Binary arithmetic operators use rply's precedence table (lowest first,
`**` binds tighter than unary minus on its left: `-x**2` is `-(x**2)`);
`or`, `and`, `not`, comparisons and the conditional expression are layered
rules as in Python's grammar.

Notes:
- `var` and `const` are soft keywords: a NAME `var`/`const` at the start of
  a statement and followed by a NAME becomes a VAR/CONST token
  (`mark_soft_keywords`), so `var = 3` stays an assignment.
- `...` parses as `ast.Name("...")`, so that an ellipsis body
  (`def f(x: f64) -> f64: ...`) is an expression statement the vm can spot.
- A parenthesized expression is its inner node, with its `loc` widened to
  include the parentheses.
- A first statement that is a string literal is the module's, class's or
  function's `docstring` and is removed from the body.
- A node's loc runs from its first token to its last; a FuncDef or
  ClassDef starts at `def`/`class` (decorators keep their own locs).
- Trees deeper than MAX_DEPTH (an `elif` does not count as a level) are
  "too deeply nested", so that the later, recursive phases never overflow.
- Constructs of L2 or outside SPy (try, with, lambda, comprehensions,
  `*args`, walrus, set literals...) give a clear "... is not supported yet"
  error at their position, either from an error production or from
  `syntax_error` (for tokens that no rule accepts). Anything else that does
  not parse is "invalid syntax" at the offending token.
"""

import warnings
from typing import Any

from rply import ParserGenerator

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.lexer import Token, tokenize

TOKENS: list[str] = [
    "NAME", "INT", "FLOAT", "STRING", "NEWLINE", "INDENT", "DEDENT", "EOF",
    "DEF", "CLASS", "RETURN", "IF", "ELIF", "ELSE", "WHILE", "FOR", "IN",
    "NOT", "AND", "OR", "IS", "PASS", "BREAK", "CONTINUE", "IMPORT", "FROM",
    "AS", "TRUE", "FALSE", "NONE", "ASSERT", "RAISE", "VAR", "CONST",
    "LPAR", "RPAR", "LSQB", "RSQB", "LBRACE", "RBRACE", "COLON", "COMMA",
    "SEMI", "DOT", "ELLIPSIS", "RARROW", "AT", "EQUAL",
    "PLUS", "MINUS", "STAR", "SLASH", "DOUBLESLASH", "PERCENT", "DOUBLESTAR",
    "VBAR", "CIRCUMFLEX", "AMPER", "LEFTSHIFT", "RIGHTSHIFT", "TILDE",
    "LESS", "GREATER", "EQEQUAL", "NOTEQUAL", "LESSEQUAL", "GREATEREQUAL",
    "PLUSEQUAL", "MINEQUAL", "STAREQUAL", "SLASHEQUAL", "DOUBLESLASHEQUAL",
    "PERCENTEQUAL", "DOUBLESTAREQUAL", "VBAREQUAL", "CIRCUMFLEXEQUAL",
    "AMPEREQUAL", "LEFTSHIFTEQUAL", "RIGHTSHIFTEQUAL",
]  # fmt: skip

# lowest precedence first; UNARY is the precedence of `-x`, `+x`, `~x`
PRECEDENCE: list[tuple[str, list[str]]] = [
    ("left", ["VBAR"]),
    ("left", ["CIRCUMFLEX"]),
    ("left", ["AMPER"]),
    ("left", ["LEFTSHIFT", "RIGHTSHIFT"]),
    ("left", ["PLUS", "MINUS"]),
    ("left", ["STAR", "SLASH", "DOUBLESLASH", "PERCENT"]),
    ("right", ["UNARY"]),
    ("right", ["DOUBLESTAR"]),
]

BINARY_OPS: dict[str, str] = {
    "VBAR": "|",
    "CIRCUMFLEX": "^",
    "AMPER": "&",
    "LEFTSHIFT": "<<",
    "RIGHTSHIFT": ">>",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
    "DOUBLESLASH": "//",
    "PERCENT": "%",
    "DOUBLESTAR": "**",
}

# tokens that no rule accepts, with the message of their L2 construct
UNSUPPORTED: dict[str, str] = {
    "TRY": "`try` is not supported yet",
    "EXCEPT": "`try`/`except` is not supported yet",
    "FINALLY": "`try`/`finally` is not supported yet",
    "WITH": "`with` is not supported yet",
    "DEL": "`del` is not supported yet",
    "GLOBAL": "`global` is not needed: declare the name `var x = ...` at module level and functions assign it",
    "NONLOCAL": "`nonlocal` is not supported yet",
    "LAMBDA": "`lambda` is not supported yet",
    "YIELD": "`yield` is not supported yet",
    "ASYNC": "`async` is not supported yet",
    "AWAIT": "`await` is not supported yet",
    "COLONEQUAL": "the walrus operator `:=` is not supported yet",
    "ATEQUAL": "the `@=` operator is not supported",
}

# the deepest tree the parser accepts (see check_depth)
MAX_DEPTH = 200

pg = ParserGenerator(TOKENS, precedence=PRECEDENCE, cache_id="spy_stage0_parser")


# ---------------------------------------------------------------- helpers


class FuncSig:
    """What `def name[T](params) -> R` says, before the body is known."""

    start: Loc
    name: str
    type_params: list[str]
    params: list[ast.Param]
    return_type: ast.Expr | None

    def __init__(
        self,
        start: Loc,
        name: str,
        type_params: list[str],
        params: list[ast.Param],
        return_type: ast.Expr | None,
    ) -> None:
        self.start = start
        self.name = name
        self.type_params = type_params
        self.params = params
        self.return_type = return_type


class Dotted:
    """A dotted module name `a.b.c` in an import."""

    name: str
    loc: Loc

    def __init__(self, name: str, loc: Loc) -> None:
        self.name = name
        self.loc = loc


class Args:
    """The arguments of a call, as they are collected."""

    args: list[ast.Expr]
    keywords: list[ast.Keyword]

    def __init__(self) -> None:
        self.args = []
        self.keywords = []


def end_of(body: list[ast.Stmt]) -> Loc:
    return body[len(body) - 1].loc


def take_docstring(body: list[ast.Stmt]) -> str | None:
    """If body starts with a string literal, remove it and return its value."""
    if len(body) > 0:
        first = body[0]
        if isinstance(first, ast.ExprStmt) and isinstance(first.value, ast.Str):
            body.pop(0)
            return first.value.value
    return None


def check_target(e: ast.Expr, what: str) -> None:
    """Only names, attributes, subscripts (and tuples of them) are targets."""
    if isinstance(e, ast.Name) and e.id != "...":
        return
    if isinstance(e, ast.Attribute) or isinstance(e, ast.Subscript):
        return
    if isinstance(e, ast.Tuple) and what != "augmented assignment":
        for item in e.items:
            check_target(item, what)
        return
    if isinstance(e, ast.Call):
        kind = "a function call"
    elif (
        isinstance(e, ast.Int)
        or isinstance(e, ast.Float)
        or isinstance(e, ast.Str)
        or isinstance(e, ast.Bool)
        or isinstance(e, ast.NoneLit)
    ):
        kind = "a literal"
    else:
        kind = "this expression"
    raise SPyError("invalid target of %s: cannot assign to %s" % (what, kind), e.loc)


def int_value(tok: Token) -> int:
    text = tok.value.replace("_", "")
    base = 10
    if len(text) > 1 and text[0] == "0":
        kind = text[1].lower()
        if kind == "x":
            base = 16
        elif kind == "o":
            base = 8
        elif kind == "b":
            base = 2
        if base != 10:
            text = text[2:]
    try:
        value = int(text, base)
    except ValueError:  # CPython refuses more than 4300 decimal digits
        value = 1 << 64
    if value >= 1 << 64:  # no integer type holds it (`u64` is the widest)
        raise SPyError("integer literal too large", tok.loc)
    return value


def make_tuple(items: list[ast.Expr], end: Loc) -> ast.Tuple:
    return ast.Tuple(items[0].loc.span_to(end), items)


def unsupported(what: str, loc: Loc) -> SPyError:
    return SPyError("%s not supported yet" % what, loc)


# ------------------------------------------------------------- statements


@pg.production("module : stmts EOF")
@pg.production("module : EOF")
def p_module(p: list[Any]) -> ast.Module:
    body: list[ast.Stmt] = []
    if len(p) == 2:
        body = p[0]
    docstring = take_docstring(body)
    end: Token = p[len(p) - 1]
    loc = Loc(end.loc.filename, 1, 1, end.loc.end_line, end.loc.end_col)
    return ast.Module(loc, end.loc.filename, body, docstring)


@pg.production("stmts : stmt | stmts stmt")
def p_stmts(p: list[Any]) -> list[ast.Stmt]:
    if len(p) == 1:
        return p[0]
    p[0].extend(p[1])
    return p[0]


# every list of items with a separator, with one production function
@pg.production("small_stmts : small_stmt | small_stmts SEMI small_stmt")
@pg.production("dotted_as_names : dotted_as_name")
@pg.production("dotted_as_names : dotted_as_names COMMA dotted_as_name")
@pg.production("import_as_names : import_as_name")
@pg.production("import_as_names : import_as_names COMMA import_as_name")
@pg.production("type_param_list : type_param | type_param_list COMMA type_param")
@pg.production("param_list : param | param_list COMMA param")
@pg.production("test_seq : test | test_seq COMMA test")
@pg.production("expr_seq : expr | expr_seq COMMA expr")
@pg.production("subscript_seq : subscript | subscript_seq COMMA subscript")
@pg.production("decorators : decorator | decorators decorator")
def p_list(p: list[Any]) -> list[Any]:
    if len(p) == 1:
        return [p[0]]
    p[0].append(p[len(p) - 1])
    return p[0]


@pg.production("stmt : simple_stmt")
def p_stmt_simple(p: list[Any]) -> list[ast.Stmt]:
    return p[0]


@pg.production("stmt : compound_stmt")
def p_stmt_compound(p: list[Any]) -> list[ast.Stmt]:
    return [p[0]]


# a line of simple statements separated by `;`
@pg.production("simple_stmt : small_stmts NEWLINE")
@pg.production("simple_stmt : small_stmts SEMI NEWLINE")
def p_simple_stmt(p: list[Any]) -> list[ast.Stmt]:
    return p[0]


@pg.production("small_stmt : PASS")
@pg.production("small_stmt : BREAK")
@pg.production("small_stmt : CONTINUE")
def p_keyword_stmt(p: list[Any]) -> ast.Stmt:
    tok: Token = p[0]
    if tok.name == "PASS":
        return ast.Pass(tok.loc)
    if tok.name == "BREAK":
        return ast.Break(tok.loc)
    return ast.Continue(tok.loc)


@pg.production("small_stmt : RETURN")
@pg.production("small_stmt : RETURN testlist")
def p_return(p: list[Any]) -> ast.Stmt:
    if len(p) == 1:
        return ast.Return(p[0].loc, None)
    return ast.Return(p[0].loc.span_to(p[1].loc), p[1])


@pg.production("small_stmt : testlist")
def p_expr_stmt(p: list[Any]) -> ast.Stmt:
    return ast.ExprStmt(p[0].loc, p[0])


@pg.production("small_stmt : assign")
def p_assign_stmt(p: list[Any]) -> ast.Stmt:
    return p[0]


@pg.production("assign : testlist EQUAL testlist")
def p_assign(p: list[Any]) -> ast.Assign:
    check_target(p[0], "assignment")
    return ast.Assign(p[0].loc.span_to(p[2].loc), p[0], p[2])


@pg.production("assign : assign EQUAL testlist")
def p_assign_chain(p: list[Any]) -> ast.Assign:
    raise unsupported("chained assignment `a = b = c` is", p[0].loc.span_to(p[2].loc))


@pg.production("small_stmt : testlist augassign testlist")
def p_augassign(p: list[Any]) -> ast.Stmt:
    check_target(p[0], "augmented assignment")
    op = p[1].value[: len(p[1].value) - 1]
    return ast.AugAssign(p[0].loc.span_to(p[2].loc), p[0], op, p[2])


@pg.production(
    "augassign : PLUSEQUAL | MINEQUAL | STAREQUAL | SLASHEQUAL | DOUBLESLASHEQUAL"
    " | PERCENTEQUAL | DOUBLESTAREQUAL | VBAREQUAL | CIRCUMFLEXEQUAL | AMPEREQUAL"
    " | LEFTSHIFTEQUAL | RIGHTSHIFTEQUAL"
)
def p_augassign_op(p: list[Any]) -> Token:
    return p[0]


@pg.production("small_stmt : test COLON test")
@pg.production("small_stmt : test COLON test EQUAL testlist")
def p_annassign(p: list[Any]) -> ast.Stmt:
    target = p[0]
    if not isinstance(target, ast.Name) or target.id == "...":
        raise SPyError("only a plain name can have an annotation here", target.loc)
    if len(p) == 3:
        return ast.AnnAssign(target.loc.span_to(p[2].loc), target, p[2], None)
    return ast.AnnAssign(target.loc.span_to(p[4].loc), target, p[2], p[4])


@pg.production("small_stmt : VAR NAME COLON test")
@pg.production("small_stmt : VAR NAME EQUAL testlist")
@pg.production("small_stmt : VAR NAME COLON test EQUAL testlist")
def p_vardef(p: list[Any]) -> ast.Stmt:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 6:
        return ast.VarDef(loc, p[1].value, p[3], p[5])
    if p[2].name == "COLON":
        return ast.VarDef(loc, p[1].value, p[3], None)
    return ast.VarDef(loc, p[1].value, None, p[3])


@pg.production("small_stmt : CONST NAME EQUAL testlist")
@pg.production("small_stmt : CONST NAME COLON test EQUAL testlist")
def p_constdef(p: list[Any]) -> ast.Stmt:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 6:
        return ast.ConstDef(loc, p[1].value, p[3], p[5])
    return ast.ConstDef(loc, p[1].value, None, p[3])


@pg.production("small_stmt : CONST NAME COLON test")
def p_constdef_novalue(p: list[Any]) -> ast.Stmt:
    raise SPyError("a `const` needs a value", p[0].loc.span_to(p[3].loc))


@pg.production("small_stmt : VAR NAME")
def p_vardef_empty(p: list[Any]) -> ast.Stmt:
    raise SPyError("a `var` needs a type or a value", p[0].loc.span_to(p[1].loc))


@pg.production("small_stmt : ASSERT test")
@pg.production("small_stmt : ASSERT test COMMA test")
def p_assert(p: list[Any]) -> ast.Stmt:
    if len(p) == 2:
        return ast.Assert(p[0].loc.span_to(p[1].loc), p[1], None)
    return ast.Assert(p[0].loc.span_to(p[3].loc), p[1], p[3])


@pg.production("small_stmt : RAISE test")
def p_raise(p: list[Any]) -> ast.Stmt:
    return ast.Raise(p[0].loc.span_to(p[1].loc), p[1])


@pg.production("small_stmt : RAISE")
def p_raise_bare(p: list[Any]) -> ast.Stmt:
    raise unsupported("a bare `raise` is", p[0].loc)


@pg.production("small_stmt : RAISE test FROM test")
def p_raise_from(p: list[Any]) -> ast.Stmt:
    raise unsupported("`raise ... from` is", p[0].loc.span_to(p[3].loc))


# ---------------------------------------------------------------- imports


@pg.production("small_stmt : IMPORT dotted_as_names")
def p_import(p: list[Any]) -> ast.Stmt:
    names: list[ast.ImportAlias] = p[1]
    return ast.Import(p[0].loc.span_to(end_of_aliases(names)), names)


def end_of_aliases(names: list[ast.ImportAlias]) -> Loc:
    return names[len(names) - 1].loc


@pg.production("small_stmt : FROM dotted_name IMPORT import_as_names")
def p_from_import(p: list[Any]) -> ast.Stmt:
    names: list[ast.ImportAlias] = p[3]
    loc = p[0].loc.span_to(end_of_aliases(names))
    return ast.ImportFrom(loc, p[1].name, names)


@pg.production("small_stmt : FROM dotted_name IMPORT LPAR import_as_names RPAR")
@pg.production("small_stmt : FROM dotted_name IMPORT LPAR import_as_names COMMA RPAR")
def p_from_import_paren(p: list[Any]) -> ast.Stmt:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    return ast.ImportFrom(loc, p[1].name, p[4])


@pg.production("small_stmt : FROM dotted_name IMPORT STAR")
def p_from_import_star(p: list[Any]) -> ast.Stmt:
    raise unsupported("`from ... import *` is", p[0].loc.span_to(p[3].loc))


@pg.production("small_stmt : FROM DOT")
@pg.production("small_stmt : FROM ELLIPSIS")
def p_from_relative(p: list[Any]) -> ast.Stmt:
    raise unsupported("relative imports are", p[0].loc.span_to(p[1].loc))


@pg.production("dotted_as_name : dotted_name")
@pg.production("dotted_as_name : dotted_name AS NAME")
def p_dotted_as_name(p: list[Any]) -> ast.ImportAlias:
    if len(p) == 1:
        return ast.ImportAlias(p[0].loc, p[0].name, "")
    return ast.ImportAlias(p[0].loc.span_to(p[2].loc), p[0].name, p[2].value)


@pg.production("dotted_name : NAME")
def p_dotted_name_first(p: list[Any]) -> Dotted:
    return Dotted(p[0].value, p[0].loc)


@pg.production("dotted_name : dotted_name DOT NAME")
def p_dotted_name_more(p: list[Any]) -> Dotted:
    return Dotted(p[0].name + "." + p[2].value, p[0].loc.span_to(p[2].loc))


@pg.production("import_as_name : NAME")
@pg.production("import_as_name : NAME AS NAME")
def p_import_as_name(p: list[Any]) -> ast.ImportAlias:
    if len(p) == 1:
        return ast.ImportAlias(p[0].loc, p[0].value, "")
    return ast.ImportAlias(p[0].loc.span_to(p[2].loc), p[0].value, p[2].value)


# ---------------------------------------------------- compound statements


@pg.production("compound_stmt : if_stmt | while_stmt | for_stmt")
@pg.production("compound_stmt : funcdef | classdef | decorated")
def p_compound_stmt(p: list[Any]) -> ast.Stmt:
    return p[0]


# a block: simple statements on the same line, or an indented block
@pg.production("suite : simple_stmt")
def p_suite_line(p: list[Any]) -> list[ast.Stmt]:
    return p[0]


@pg.production("suite : NEWLINE INDENT stmts DEDENT")
def p_suite_block(p: list[Any]) -> list[ast.Stmt]:
    return p[2]


@pg.production("if_stmt : IF test COLON suite")
@pg.production("if_stmt : IF test COLON suite else_part")
def p_if(p: list[Any]) -> ast.Stmt:
    return make_if(p)


# `elif` is an If alone in the orelse of the If before it
@pg.production("else_part : ELIF test COLON suite")
@pg.production("else_part : ELIF test COLON suite else_part")
def p_elif(p: list[Any]) -> list[ast.Stmt]:
    return [make_if(p)]


def make_if(p: list[Any]) -> ast.If:
    orelse: list[ast.Stmt] = []
    if len(p) == 5:
        orelse = p[4]
        end = end_of(orelse)
    else:
        end = end_of(p[3])
    return ast.If(p[0].loc.span_to(end), p[1], p[3], orelse)


@pg.production("else_part : ELSE COLON suite")
def p_else(p: list[Any]) -> list[ast.Stmt]:
    return p[2]


@pg.production("while_stmt : WHILE test COLON suite")
def p_while(p: list[Any]) -> ast.Stmt:
    return ast.While(p[0].loc.span_to(end_of(p[3])), p[1], p[3])


@pg.production("while_stmt : WHILE test COLON suite ELSE COLON suite")
def p_while_else(p: list[Any]) -> ast.Stmt:
    raise unsupported("`while ... else` is", p[4].loc)


@pg.production("for_stmt : FOR exprlist IN testlist COLON suite")
def p_for(p: list[Any]) -> ast.Stmt:
    check_target(p[1], "for loop")
    return ast.For(p[0].loc.span_to(end_of(p[5])), p[1], p[3], p[5])


@pg.production("for_stmt : FOR exprlist IN testlist COLON suite ELSE COLON suite")
def p_for_else(p: list[Any]) -> ast.Stmt:
    raise unsupported("`for ... else` is", p[6].loc)


@pg.production("funcdef : funcsig COLON suite")
def p_funcdef(p: list[Any]) -> ast.Stmt:
    sig: FuncSig = p[0]
    body: list[ast.Stmt] = p[2]
    loc = sig.start.span_to(end_of(body))
    doc = take_docstring(body)
    return ast.FuncDef(
        loc, sig.name, sig.type_params, sig.params, sig.return_type, body, [], doc
    )


@pg.production("funcsig : DEF NAME LPAR params RPAR")
@pg.production("funcsig : DEF NAME LPAR params RPAR RARROW test")
@pg.production("funcsig : DEF NAME type_params LPAR params RPAR")
@pg.production("funcsig : DEF NAME type_params LPAR params RPAR RARROW test")
def p_funcsig(p: list[Any]) -> FuncSig:
    type_params: list[str] = []
    i = 2
    if isinstance(p[2], list):
        type_params = p[2]
        i = 3
    params: list[ast.Param] = p[i + 1]
    seen_default = False
    for param in params:
        if param.default is not None:
            seen_default = True
        elif seen_default:
            raise SPyError(
                "a parameter without a default follows one with a default",
                param.loc,
            )
    ret: ast.Expr | None = None
    if len(p) == i + 5:
        ret = p[i + 4]
    return FuncSig(p[0].loc, p[1].value, type_params, params, ret)


@pg.production("type_params : LSQB type_param_list RSQB")
@pg.production("type_params : LSQB type_param_list COMMA RSQB")
def p_type_params(p: list[Any]) -> list[str]:
    return p[1]


@pg.production("type_param : NAME")
def p_type_param(p: list[Any]) -> str:
    return p[0].value


@pg.production("type_param : NAME COLON test")
def p_type_param_bound(p: list[Any]) -> str:
    raise unsupported("bounds on type parameters are", p[1].loc.span_to(p[2].loc))


@pg.production("params : ")
def p_params_empty(p: list[Any]) -> list[ast.Param]:
    return []


@pg.production("params : param_list")
@pg.production("params : param_list COMMA")
def p_params(p: list[Any]) -> list[ast.Param]:
    return p[0]


@pg.production("param : NAME")
@pg.production("param : NAME COLON test")
@pg.production("param : NAME EQUAL test")
@pg.production("param : NAME COLON test EQUAL test")
def p_param(p: list[Any]) -> ast.Param:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 1:
        return ast.Param(loc, p[0].value, None, None)
    if len(p) == 5:
        return ast.Param(loc, p[0].value, p[2], p[4])
    if p[1].name == "COLON":
        return ast.Param(loc, p[0].value, p[2], None)
    return ast.Param(loc, p[0].value, None, p[2])


@pg.production("param : STAR")
@pg.production("param : DOUBLESTAR")
@pg.production("param : SLASH")
def p_param_star(p: list[Any]) -> ast.Param:
    if p[0].name == "STAR":
        raise unsupported("`*args` parameters are", p[0].loc)
    if p[0].name == "DOUBLESTAR":
        raise unsupported("`**kwargs` parameters are", p[0].loc)
    raise unsupported("positional-only parameters (`/`) are", p[0].loc)


@pg.production("classdef : CLASS NAME COLON suite")
@pg.production("classdef : CLASS NAME type_params COLON suite")
@pg.production("classdef : CLASS NAME LPAR RPAR COLON suite")
@pg.production("classdef : CLASS NAME type_params LPAR RPAR COLON suite")
@pg.production("classdef : CLASS NAME LPAR arglist RPAR COLON suite")
@pg.production("classdef : CLASS NAME type_params LPAR arglist RPAR COLON suite")
def p_classdef(p: list[Any]) -> ast.Stmt:
    type_params: list[str] = []
    i = 2
    if isinstance(p[2], list):
        type_params = p[2]
        i = 3
    bases: list[ast.Expr] = []
    if isinstance(p[i + 1], Args):
        args: Args = p[i + 1]
        if len(args.keywords) > 0:
            raise unsupported("keywords in class bases are", args.keywords[0].loc)
        bases = args.args
    body: list[ast.Stmt] = p[len(p) - 1]
    loc = p[0].loc.span_to(end_of(body))
    doc = take_docstring(body)
    return ast.ClassDef(loc, p[1].value, type_params, bases, body, [], doc)


@pg.production("decorated : decorators funcdef | decorators classdef")
def p_decorated(p: list[Any]) -> ast.Stmt:
    node = p[1]
    node.decorators = p[0]
    return node


@pg.production("decorated : decorators simple_stmt")
@pg.production("decorated : decorators if_stmt | decorators while_stmt")
@pg.production("decorated : decorators for_stmt")
def p_decorated_bad(p: list[Any]) -> ast.Stmt:
    raise SPyError("a decorator must be followed by `def` or `class`", p[0][0].loc)


@pg.production("decorator : AT test NEWLINE")
def p_decorator(p: list[Any]) -> ast.Expr:
    return p[1]


# ------------------------------------------------------------ expressions


# an expression or a tuple without parentheses: `a`, `a,`, `a, b`
@pg.production("testlist : test_seq")
@pg.production("testlist : test_seq COMMA")
def p_testlist(p: list[Any]) -> ast.Expr:
    items: list[ast.Expr] = p[0]
    if len(p) == 1:
        if len(items) == 1:
            return items[0]
        return make_tuple(items, items[len(items) - 1].loc)
    return make_tuple(items, p[1].loc)


# a `for` target: `x`, `k, v`
@pg.production("exprlist : expr_seq")
@pg.production("exprlist : expr_seq COMMA")
def p_exprlist(p: list[Any]) -> ast.Expr:
    return p_testlist(p)


@pg.production("test : or_test")
@pg.production("or_test : and_test")
@pg.production("and_test : not_test")
@pg.production("not_test : comparison")
@pg.production("comparison : expr | comp_chain")
@pg.production("expr : primary")
@pg.production("primary : atom")
def p_passthrough(p: list[Any]) -> ast.Expr:
    return p[0]


@pg.production("test : or_test IF or_test ELSE test")
def p_ifexp(p: list[Any]) -> ast.Expr:
    return ast.IfExp(p[0].loc.span_to(p[4].loc), p[2], p[0], p[4])


@pg.production("or_test : or_test OR and_test")
@pg.production("and_test : and_test AND not_test")
def p_boolop(p: list[Any]) -> ast.Expr:
    return ast.BoolOp(p[0].loc.span_to(p[2].loc), p[1].value, p[0], p[2])


@pg.production("not_test : NOT not_test")
def p_not(p: list[Any]) -> ast.Expr:
    return ast.UnaryOp(p[0].loc.span_to(p[1].loc), "not", p[1])


# `a < b < c` is one Compare node
@pg.production("comp_chain : expr comp_op expr")
def p_comp_chain_first(p: list[Any]) -> ast.Expr:
    return ast.Compare(p[0].loc.span_to(p[2].loc), p[0], [p[1]], [p[2]])


@pg.production("comp_chain : comp_chain comp_op expr")
def p_comp_chain_more(p: list[Any]) -> ast.Expr:
    node: ast.Compare = p[0]
    node.ops.append(p[1])
    node.comparators.append(p[2])
    node.loc = node.loc.span_to(p[2].loc)
    return node


@pg.production("comp_op : LESS | GREATER | EQEQUAL | GREATEREQUAL | LESSEQUAL")
@pg.production("comp_op : NOTEQUAL | IN | IS")
def p_comp_op(p: list[Any]) -> str:
    return p[0].value


@pg.production("comp_op : NOT IN | IS NOT")
def p_comp_op2(p: list[Any]) -> str:
    return p[0].value + " " + p[1].value


@pg.production("expr : expr VBAR expr | expr CIRCUMFLEX expr | expr AMPER expr")
@pg.production("expr : expr LEFTSHIFT expr | expr RIGHTSHIFT expr")
@pg.production("expr : expr PLUS expr | expr MINUS expr")
@pg.production("expr : expr STAR expr | expr SLASH expr")
@pg.production("expr : expr DOUBLESLASH expr | expr PERCENT expr")
@pg.production("expr : expr DOUBLESTAR expr")
def p_binop(p: list[Any]) -> ast.Expr:
    op = BINARY_OPS[p[1].name]
    return ast.BinOp(p[0].loc.span_to(p[2].loc), op, p[0], p[2])


@pg.production("expr : MINUS expr | PLUS expr | TILDE expr", precedence="UNARY")
def p_unary(p: list[Any]) -> ast.Expr:
    return ast.UnaryOp(p[0].loc.span_to(p[1].loc), p[0].value, p[1])


@pg.production("primary : primary DOT NAME")
def p_attribute(p: list[Any]) -> ast.Expr:
    return ast.Attribute(p[0].loc.span_to(p[2].loc), p[0], p[2].value)


@pg.production("primary : primary LPAR RPAR")
@pg.production("primary : primary LPAR arglist RPAR")
def p_call(p: list[Any]) -> ast.Expr:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 3:
        return ast.Call(loc, p[0], [], [])
    args: Args = p[2]
    return ast.Call(loc, p[0], args.args, args.keywords)


@pg.production("arglist : args | args COMMA")
def p_arglist(p: list[Any]) -> Args:
    return p[0]


@pg.production("args : arg")
@pg.production("args : args COMMA arg")
def p_args(p: list[Any]) -> Args:
    if len(p) == 1:
        args = Args()
        arg = p[0]
    else:
        args = p[0]
        arg = p[2]
    if isinstance(arg, ast.Keyword):
        args.keywords.append(arg)
    elif len(args.keywords) > 0:
        raise SPyError("positional argument follows keyword argument", arg.loc)
    else:
        args.args.append(arg)
    return args


@pg.production("arg : test")
def p_arg(p: list[Any]) -> ast.Node:
    return p[0]


@pg.production("arg : NAME EQUAL test")
def p_arg_keyword(p: list[Any]) -> ast.Node:
    return ast.Keyword(p[0].loc.span_to(p[2].loc), p[0].value, p[2])


@pg.production("arg : test FOR")
def p_arg_genexp(p: list[Any]) -> ast.Node:
    raise unsupported("generator expressions are", p[0].loc.span_to(p[1].loc))


@pg.production("primary : primary LSQB subscripts RSQB")
def p_subscript(p: list[Any]) -> ast.Expr:
    return ast.Subscript(p[0].loc.span_to(p[3].loc), p[0], p[2])


@pg.production("subscripts : subscript_seq")
@pg.production("subscripts : subscript_seq COMMA")
def p_subscripts(p: list[Any]) -> ast.Expr:
    return p_testlist(p)


@pg.production("subscript : test | slice")
def p_subscript_item(p: list[Any]) -> ast.Expr:
    return p[0]


# `lower:upper[:step]`, every part optional
@pg.production("slice : slice_lu | slice_lu COLON | slice_lu COLON test")
def p_slice(p: list[Any]) -> ast.Expr:
    node: ast.Slice = p[0]
    if len(p) > 1:
        node.loc = node.loc.span_to(p[len(p) - 1].loc)
    if len(p) == 3:
        node.step = p[2]
    return node


@pg.production("slice_lu : COLON | test COLON | COLON test | test COLON test")
def p_slice_lu(p: list[Any]) -> ast.Slice:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 1:
        return ast.Slice(loc, None, None, None)
    if len(p) == 3:
        return ast.Slice(loc, p[0], p[2], None)
    if isinstance(p[0], Token):
        return ast.Slice(loc, None, p[1], None)
    return ast.Slice(loc, p[0], None, None)


# ------------------------------------------------------------------ atoms


@pg.production("atom : NAME")
def p_name(p: list[Any]) -> ast.Expr:
    return ast.Name(p[0].loc, p[0].value)


@pg.production("atom : ELLIPSIS")
def p_ellipsis(p: list[Any]) -> ast.Expr:
    return ast.Name(p[0].loc, "...")


@pg.production("atom : INT")
def p_int(p: list[Any]) -> ast.Expr:
    return ast.Int(p[0].loc, int_value(p[0]))


@pg.production("atom : FLOAT")
def p_float(p: list[Any]) -> ast.Expr:
    return ast.Float(p[0].loc, float(p[0].value.replace("_", "")))


@pg.production("atom : TRUE | FALSE")
def p_bool(p: list[Any]) -> ast.Expr:
    return ast.Bool(p[0].loc, p[0].name == "TRUE")


@pg.production("atom : NONE")
def p_none(p: list[Any]) -> ast.Expr:
    return ast.NoneLit(p[0].loc)


# adjacent string literals are concatenated: "ab" "cd"
@pg.production("atom : strings")
def p_str(p: list[Any]) -> ast.Expr:
    return p[0]


@pg.production("strings : STRING")
def p_strings_first(p: list[Any]) -> ast.Str:
    return ast.Str(p[0].loc, p[0].value)


@pg.production("strings : strings STRING")
def p_strings_more(p: list[Any]) -> ast.Str:
    node: ast.Str = p[0]
    node.value = node.value + p[1].value
    node.loc = node.loc.span_to(p[1].loc)
    return node


@pg.production("atom : LPAR RPAR")
def p_empty_tuple(p: list[Any]) -> ast.Expr:
    return ast.Tuple(p[0].loc.span_to(p[1].loc), [])


# `(a)` is `a`; `(a,)` and `(a, b)` are tuples
@pg.production("atom : LPAR test_seq RPAR | LPAR test_seq COMMA RPAR")
def p_paren(p: list[Any]) -> ast.Expr:
    items: list[ast.Expr] = p[1]
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if len(p) == 3 and len(items) == 1:
        inner = items[0]
        inner.loc = loc
        return inner
    return ast.Tuple(loc, items)


@pg.production("atom : LSQB RSQB")
def p_empty_list(p: list[Any]) -> ast.Expr:
    return ast.List(p[0].loc.span_to(p[1].loc), [])


@pg.production("atom : LSQB test_seq RSQB | LSQB test_seq COMMA RSQB")
def p_list_display(p: list[Any]) -> ast.Expr:
    return ast.List(p[0].loc.span_to(p[len(p) - 1].loc), p[1])


@pg.production("atom : LBRACE RBRACE")
def p_empty_dict(p: list[Any]) -> ast.Expr:
    return ast.Dict(p[0].loc.span_to(p[1].loc), [], [])


@pg.production("atom : LBRACE dict_items RBRACE | LBRACE dict_items COMMA RBRACE")
def p_dict(p: list[Any]) -> ast.Expr:
    node: ast.Dict = p[1]
    node.loc = p[0].loc.span_to(p[len(p) - 1].loc)
    return node


@pg.production("dict_items : test COLON test")
def p_dict_items_first(p: list[Any]) -> ast.Dict:
    return ast.Dict(p[0].loc, [p[0]], [p[2]])


@pg.production("dict_items : dict_items COMMA test COLON test")
def p_dict_items_more(p: list[Any]) -> ast.Dict:
    node: ast.Dict = p[0]
    node.keys.append(p[2])
    node.values.append(p[4])
    return node


@pg.production("atom : LPAR test FOR | LSQB test FOR | LBRACE test FOR")
@pg.production("atom : LBRACE test COLON test FOR")
def p_comprehension(p: list[Any]) -> ast.Expr:
    loc = p[0].loc.span_to(p[len(p) - 1].loc)
    if p[0].name == "LPAR":
        raise unsupported("generator expressions are", loc)
    raise unsupported("comprehensions are", loc)


@pg.production("atom : LBRACE test RBRACE | LBRACE test COMMA")
def p_set(p: list[Any]) -> ast.Expr:
    raise unsupported("set literals are", p[0].loc.span_to(p[len(p) - 1].loc))


@pg.production("atom : STAR | DOUBLESTAR")
def p_star(p: list[Any]) -> ast.Expr:
    if p[0].name == "STAR":
        raise unsupported("star expressions (`*x`) are", p[0].loc)
    raise unsupported("`**` unpacking is", p[0].loc)


# ------------------------------------------------------------------ entry


class SyntaxErrorAt(Exception):
    """Raised by rply's error hook; parse_module turns it into SPyError."""

    token: Token

    def __init__(self, token: Token) -> None:
        Exception.__init__(self)
        self.token = token


@pg.error
def p_error(token: Token) -> None:
    raise SyntaxErrorAt(token)


def syntax_error(tokens: list[Token], bad: Token) -> SPyError:
    """The clearest error for a token that no grammar rule accepts."""
    if not isinstance(bad, Token):
        # rply's own end marker: the input ended too early
        bad = tokens[len(tokens) - 1]
    if bad.name in UNSUPPORTED:
        return SPyError(UNSUPPORTED[bad.name], bad.loc)
    if bad.name == "INDENT":
        return SPyError("unexpected indent", bad.loc)
    i = 0
    while i < len(tokens) and tokens[i] is not bad:
        i += 1
    prev = ""
    if i >= 1:
        prev = tokens[i - 1].name
    if prev == "NEWLINE" and i >= 2 and tokens[i - 2].name == "COLON":
        return SPyError("expected an indented block", bad.loc)
    if bad.name == "AT" and prev not in ("", "NEWLINE", "INDENT", "DEDENT"):
        return SPyError("the `@` operator is not supported", bad.loc)
    return SPyError("invalid syntax", bad.loc)


def mark_soft_keywords(tokens: list[Token]) -> list[Token]:
    """`var`/`const` at a statement start, before a NAME, become keywords."""
    out: list[Token] = []
    prev = "NEWLINE"
    for i in range(len(tokens)):
        tok = tokens[i]
        if (
            tok.name == "NAME"
            and (tok.value == "var" or tok.value == "const")
            and (
                prev == "NEWLINE"
                or prev == "INDENT"
                or prev == "DEDENT"
                or prev == "SEMI"
                or prev == "COLON"
            )
            and i + 1 < len(tokens)
            and tokens[i + 1].name == "NAME"
        ):
            tok = Token(tok.value.upper(), tok.value, tok.loc)
        out.append(tok)
        prev = tok.name
    return out


_parser: Any = None


def build_parser() -> Any:  # an rply LRParser (rply is untyped)
    # rply keeps the LALR tables in its user cache dir, keyed by a hash
    # of the grammar: only the first build after a grammar change is slow
    try:
        return pg.build()
    except OSError:
        # the cache dir is not writable: build without it
        pg.cache_id = None
        return pg.build()


def get_parser() -> Any:  # an rply LRParser (rply is untyped)
    global _parser
    if _parser is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _parser = build_parser()
    return _parser


def parse_module(source: str, filename: str) -> ast.Module:
    """Parse a whole module; raise SPyError on the first error."""
    tokens = mark_soft_keywords(tokenize(source, filename))
    parser = get_parser()
    try:
        mod: ast.Module = parser.parse(iter(tokens))
    except SyntaxErrorAt as e:
        raise syntax_error(tokens, e.token)
    except RecursionError:
        raise SPyError("too deeply nested", tokens[0].loc)
    check_depth(mod)
    return mod


def check_depth(mod: ast.Module) -> None:
    """Refuse trees deeper than MAX_DEPTH: the later phases recurse on them.

    An `elif` does not count as a level. The walk uses its own stack.
    """
    stack: list[ast.Node] = [mod]
    depths: list[int] = [0]
    while len(stack) > 0:
        node = stack.pop()
        depth = depths.pop()
        if depth > MAX_DEPTH:
            raise SPyError("too deeply nested", node.loc)
        if isinstance(node, ast.If) and is_elif(node.orelse):
            # the `elif` is not a level (an `if` nested in the body is)
            stack.append(node.test)
            depths.append(depth + 1)
            for stmt in node.body:
                stack.append(stmt)
                depths.append(depth + 1)
            stack.append(node.orelse[0])
            depths.append(depth)
            continue
        for child in ast.children_of(node):
            stack.append(child)
            depths.append(depth + 1)


def is_elif(orelse: list[ast.Stmt]) -> bool:
    """An `else` block that is one `if`: an `elif` (or `else: if`)."""
    return len(orelse) == 1 and isinstance(orelse[0], ast.If)
