"""Unparse: AST -> readable SPy source text.

Used by `spy parse` (to show what the parser understood) and by
`spy redshift` (to show the typed, blue-free tree, where resolved callees
are `FQNConst` nodes written `` `mod::name` `` and folded values without a
literal form are `BlueConst` nodes). Entry points: `unparse_module(mod)`,
`unparse_stmts(body, indent)` and `unparse_expr(e)`.

Expressions get parentheses only where the precedence requires them, so
the text parses back to the same tree. Docstrings are dropped; a body left
empty is written `pass`.
"""

from stage0 import ast
from stage0.errors import SPyError

INDENT = "    "

# precedence levels, lowest first (Python's)
PREC_TEST = 1  # a if c else b
PREC_OR = 2
PREC_AND = 3
PREC_NOT = 4
PREC_CMP = 5
PREC_BOR = 6
PREC_BXOR = 7
PREC_BAND = 8
PREC_SHIFT = 9
PREC_ARITH = 10
PREC_TERM = 11
PREC_UNARY = 12
PREC_POWER = 13
PREC_PRIMARY = 14  # calls, attributes, subscripts
PREC_ATOM = 15

BINOP_PREC: dict[str, int] = {
    "|": PREC_BOR,
    "^": PREC_BXOR,
    "&": PREC_BAND,
    "<<": PREC_SHIFT,
    ">>": PREC_SHIFT,
    "+": PREC_ARITH,
    "-": PREC_ARITH,
    "*": PREC_TERM,
    "/": PREC_TERM,
    "//": PREC_TERM,
    "%": PREC_TERM,
    "**": PREC_POWER,
}


# ------------------------------------------------------------ expressions


def prec_of(e: ast.Expr) -> int:
    """How tightly `e` binds when written without parentheses."""
    if isinstance(e, ast.IfExp):
        return PREC_TEST
    if isinstance(e, ast.BoolOp):
        if e.op == "or":
            return PREC_OR
        return PREC_AND
    if isinstance(e, ast.UnaryOp):
        if e.op == "not":
            return PREC_NOT
        return PREC_UNARY
    if isinstance(e, ast.Compare):
        return PREC_CMP
    if isinstance(e, ast.BinOp):
        return BINOP_PREC[e.op]
    if isinstance(e, ast.Int) and e.value < 0:
        return PREC_UNARY
    if isinstance(e, ast.Float) and (e.value < 0 or repr(e.value)[0] == "-"):
        return PREC_UNARY
    if isinstance(e, ast.Slice):
        return PREC_TEST
    if isinstance(e, ast.Call) or isinstance(e, ast.Attribute):
        return PREC_PRIMARY
    if isinstance(e, ast.Subscript):
        return PREC_PRIMARY
    return PREC_ATOM


def unparse_expr(e: ast.Expr) -> str:
    """The source text of an expression."""
    try:
        return expr_at(e, PREC_TEST)
    except RecursionError:
        raise SPyError("too deeply nested", e.loc)


def expr_at(e: ast.Expr, needed: int) -> str:
    """`e` as text, parenthesized if it binds less tightly than `needed`."""
    text = expr_text(e)
    if prec_of(e) < needed:
        return "(" + text + ")"
    return text


def expr_text(e: ast.Expr) -> str:
    if isinstance(e, ast.Int):
        return str(e.value)
    if isinstance(e, ast.Float):
        return repr(e.value)
    if isinstance(e, ast.Str):
        return repr(e.value)
    if isinstance(e, ast.Bool):
        if e.value:
            return "True"
        return "False"
    if isinstance(e, ast.NoneLit):
        return "None"
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute):
        value = expr_at(e.value, PREC_PRIMARY)
        if isinstance(e.value, ast.Int):
            value = "(" + value + ")"  # `1.x` would lex as a float
        return value + "." + e.attr
    if isinstance(e, ast.Subscript):
        return expr_at(e.value, PREC_PRIMARY) + "[" + subscript_text(e.index) + "]"
    if isinstance(e, ast.Slice):
        return slice_text(e)
    if isinstance(e, ast.Call):
        return expr_text_Call(e)
    if isinstance(e, ast.BinOp):
        return expr_text_BinOp(e)
    if isinstance(e, ast.UnaryOp):
        if e.op == "not":
            return "not " + expr_at(e.operand, PREC_NOT)
        return e.op + expr_at(e.operand, PREC_UNARY)
    if isinstance(e, ast.BoolOp):
        p = prec_of(e)
        return expr_at(e.left, p) + " " + e.op + " " + expr_at(e.right, p + 1)
    if isinstance(e, ast.Compare):
        parts = [expr_at(e.left, PREC_BOR)]
        for i in range(len(e.ops)):
            parts.append(e.ops[i])
            parts.append(expr_at(e.comparators[i], PREC_BOR))
        return " ".join(parts)
    if isinstance(e, ast.IfExp):
        return (
            expr_at(e.body, PREC_OR)
            + " if "
            + expr_at(e.test, PREC_OR)
            + " else "
            + expr_at(e.orelse, PREC_TEST)
        )
    if isinstance(e, ast.Tuple):
        if len(e.items) == 1:
            return "(" + expr_at(e.items[0], PREC_TEST) + ",)"
        return "(" + exprs_text(e.items) + ")"
    if isinstance(e, ast.List):
        return "[" + exprs_text(e.items) + "]"
    if isinstance(e, ast.Dict):
        items: list[str] = []
        for i in range(len(e.keys)):
            key = expr_at(e.keys[i], PREC_TEST)
            items.append(key + ": " + expr_at(e.values[i], PREC_TEST))
        return "{" + ", ".join(items) + "}"
    if isinstance(e, ast.FQNConst):
        return "`" + e.fqn + "`"
    if isinstance(e, ast.MethodCall):
        # a virtual call: the receiver's class picks the implementation
        recv = expr_at(e.args[0], PREC_ATOM)
        return recv + ".`" + e.name + "`(" + exprs_text(e.args[1:]) + ")"
    if isinstance(e, ast.BlueConst):
        w_value = e.w_value
        if hasattr(w_value, "spy_repr"):
            return w_value.spy_repr()
        return repr(w_value)
    raise SPyError("cannot unparse " + e.node_kind(), e.loc)


def exprs_text(items: list[ast.Expr]) -> str:
    parts: list[str] = []
    for item in items:
        parts.append(expr_at(item, PREC_TEST))
    return ", ".join(parts)


def expr_text_BinOp(e: ast.BinOp) -> str:
    p = BINOP_PREC[e.op]
    if e.op == "**":
        # right-associative; its right operand may be a unary: 2 ** -1
        left = expr_at(e.left, PREC_PRIMARY)
        right = expr_at(e.right, PREC_UNARY)
    else:
        left = expr_at(e.left, p)
        right = expr_at(e.right, p + 1)
    return left + " " + e.op + " " + right


def expr_text_Call(e: ast.Call) -> str:
    func = expr_at(e.func, PREC_PRIMARY)
    parts: list[str] = []
    for arg in e.args:
        parts.append(expr_at(arg, PREC_TEST))
    for kw in e.keywords:
        parts.append(kw.name + "=" + expr_at(kw.value, PREC_TEST))
    return func + "(" + ", ".join(parts) + ")"


def slice_text(s: ast.Slice) -> str:
    text = ""
    if s.lower is not None:
        text = expr_at(s.lower, PREC_TEST)
    text = text + ":"
    if s.upper is not None:
        text = text + expr_at(s.upper, PREC_TEST)
    if s.step is not None:
        text = text + ":" + expr_at(s.step, PREC_TEST)
    return text


def subscript_text(index: ast.Expr) -> str:
    """The inside of `a[...]`: a tuple index is written without parens."""
    if isinstance(index, ast.Tuple) and len(index.items) > 0:
        text = exprs_text(index.items)
        if len(index.items) == 1:
            text = text + ","
        return text
    return expr_at(index, PREC_TEST)


def tuple_or_expr(e: ast.Expr) -> str:
    """A statement-level expression: a non-empty tuple needs no parens."""
    if isinstance(e, ast.Tuple) and len(e.items) > 1:
        return exprs_text(e.items)
    return expr_at(e, PREC_TEST)


# ------------------------------------------------------------- statements


def unparse_stmts(body: list[ast.Stmt], indent: int) -> str:
    """The source text of a block, each line indented by `indent` levels."""
    try:
        out: list[str] = []
        stmts_lines(body, indent, out)
        return "\n".join(out) + "\n"
    except RecursionError:
        raise SPyError("too deeply nested", None)


def unparse_module(mod: ast.Module) -> str:
    """The source text of a whole module."""
    if len(mod.body) == 0:
        return ""
    return unparse_stmts(mod.body, 0)


def stmts_lines(body: list[ast.Stmt], indent: int, out: list[str]) -> None:
    if len(body) == 0:
        out.append(INDENT * indent + "pass")
    for s in body:
        stmt_lines(s, indent, out)


def stmt_lines(s: ast.Stmt, indent: int, out: list[str]) -> None:
    pad = INDENT * indent
    if isinstance(s, ast.FuncDef):
        stmt_lines_FuncDef(s, indent, out)
    elif isinstance(s, ast.ClassDef):
        decorators_lines(s.decorators, indent, out)
        head = pad + "class " + s.name + type_params_text(s.type_params)
        if len(s.bases) > 0:
            head = head + "(" + exprs_text(s.bases) + ")"
        out.append(head + ":")
        stmts_lines(s.body, indent + 1, out)
    elif isinstance(s, ast.If):
        stmt_lines_If(s, indent, out, "if ")
    elif isinstance(s, ast.While):
        out.append(pad + "while " + expr_at(s.test, PREC_TEST) + ":")
        stmts_lines(s.body, indent + 1, out)
    elif isinstance(s, ast.For):
        target = tuple_or_expr(s.target)
        it = tuple_or_expr(s.iter)
        out.append(pad + "for " + target + " in " + it + ":")
        stmts_lines(s.body, indent + 1, out)
    else:
        out.append(pad + simple_stmt_text(s))


def decorators_lines(decorators: list[ast.Expr], indent: int, out: list[str]) -> None:
    for d in decorators:
        out.append(INDENT * indent + "@" + expr_at(d, PREC_TEST))


def type_params_text(type_params: list[str]) -> str:
    if len(type_params) == 0:
        return ""
    return "[" + ", ".join(type_params) + "]"


def stmt_lines_FuncDef(s: ast.FuncDef, indent: int, out: list[str]) -> None:
    decorators_lines(s.decorators, indent, out)
    params: list[str] = []
    for p in s.params:
        text = p.name
        if p.annotation is not None:
            text = text + ": " + expr_at(p.annotation, PREC_TEST)
            if p.default is not None:
                text = text + " = " + expr_at(p.default, PREC_TEST)
        elif p.default is not None:
            text = text + "=" + expr_at(p.default, PREC_TEST)
        params.append(text)
    head = "def " + s.name + type_params_text(s.type_params)
    head = head + "(" + ", ".join(params) + ")"
    if s.return_type is not None:
        head = head + " -> " + expr_at(s.return_type, PREC_TEST)
    out.append(INDENT * indent + head + ":")
    stmts_lines(s.body, indent + 1, out)


def stmt_lines_If(s: ast.If, indent: int, out: list[str], keyword: str) -> None:
    pad = INDENT * indent
    out.append(pad + keyword + expr_at(s.test, PREC_TEST) + ":")
    stmts_lines(s.body, indent + 1, out)
    if len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If):
        stmt_lines_If(s.orelse[0], indent, out, "elif ")
    elif len(s.orelse) > 0:
        out.append(pad + "else:")
        stmts_lines(s.orelse, indent + 1, out)


def simple_stmt_text(s: ast.Stmt) -> str:
    if isinstance(s, ast.ExprStmt):
        return tuple_or_expr(s.value)
    if isinstance(s, ast.Assign):
        return tuple_or_expr(s.target) + " = " + tuple_or_expr(s.value)
    if isinstance(s, ast.AugAssign):
        target = expr_at(s.target, PREC_TEST)
        return target + " " + s.op + "= " + tuple_or_expr(s.value)
    if isinstance(s, ast.AnnAssign):
        text = s.target.id + ": " + expr_at(s.annotation, PREC_TEST)
        if s.value is not None:
            text = text + " = " + tuple_or_expr(s.value)
        return text
    if isinstance(s, ast.VarDef):
        text = "var " + s.name
        if s.annotation is not None:
            text = text + ": " + expr_at(s.annotation, PREC_TEST)
        if s.value is not None:
            text = text + " = " + tuple_or_expr(s.value)
        return text
    if isinstance(s, ast.ConstDef):
        text = "const " + s.name
        if s.annotation is not None:
            text = text + ": " + expr_at(s.annotation, PREC_TEST)
        return text + " = " + tuple_or_expr(s.value)
    if isinstance(s, ast.Return):
        if s.value is None:
            return "return"
        return "return " + tuple_or_expr(s.value)
    if isinstance(s, ast.Pass):
        return "pass"
    if isinstance(s, ast.Break):
        return "break"
    if isinstance(s, ast.Continue):
        return "continue"
    if isinstance(s, ast.Assert):
        text = "assert " + expr_at(s.test, PREC_TEST)
        if s.msg is not None:
            text = text + ", " + expr_at(s.msg, PREC_TEST)
        return text
    if isinstance(s, ast.Raise):
        return "raise " + expr_at(s.exc, PREC_TEST)
    if isinstance(s, ast.Import):
        return "import " + aliases_text(s.names)
    if isinstance(s, ast.ImportFrom):
        return "from " + s.module + " import " + aliases_text(s.names)
    raise SPyError("cannot unparse " + s.node_kind(), s.loc)


def aliases_text(names: list[ast.ImportAlias]) -> str:
    parts: list[str] = []
    for alias in names:
        if alias.asname == "":
            parts.append(alias.name)
        else:
            parts.append(alias.name + " as " + alias.asname)
    return ", ".join(parts)
