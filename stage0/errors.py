"""Errors are values with a source location, printed in one place.

Every phase raises `SPyError`; `format_error` renders it in the format of
docs/language.md section 12:

    error: mismatched types: expected `i32`, got `str`
      --> prog.spy:12:15
       |
    12 |     return x + "a"
       |            ^^^^^^^ this is `str`
"""


class Loc:
    """A span of source: 1-based line and column; `end_col` is exclusive."""

    filename: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __init__(
        self, filename: str, line: int, col: int, end_line: int, end_col: int
    ) -> None:
        self.filename = filename
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col

    def __repr__(self) -> str:
        return "<Loc %s:%d:%d>" % (self.filename, self.line, self.col)

    def span_to(self, other: "Loc") -> "Loc":
        """The span from the start of self to the end of other."""
        return Loc(self.filename, self.line, self.col, other.end_line, other.end_col)


class SPyError(Exception):
    """A user-facing error: a message, a location and an optional note."""

    message: str
    loc: Loc | None
    note: str

    def __init__(self, message: str, loc: Loc | None, note: str = "") -> None:
        Exception.__init__(self, message)
        self.message = message
        self.loc = loc
        self.note = note


def read_source_line(filename: str, line: int) -> str | None:
    try:
        with open(filename, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r")
    return None


def format_error(err: SPyError) -> str:
    out = ["error: " + err.message]
    loc = err.loc
    if loc is None:
        return "\n".join(out) + "\n"
    out.append("  --> %s:%d:%d" % (loc.filename, loc.line, loc.col))
    text = read_source_line(loc.filename, loc.line)
    if text is None:
        return "\n".join(out) + "\n"
    text = text.replace("\t", " ")
    num = str(loc.line)
    pad = " " * len(num)
    if loc.end_line == loc.line and loc.end_col > loc.col:
        width = loc.end_col - loc.col
    else:
        width = max(1, len(text) - loc.col + 1)
    marker = " " * (loc.col - 1) + "^" * width
    if err.note != "":
        marker = marker + " " + err.note
    out.append(pad + " |")
    out.append(num + " | " + text)
    out.append(pad + " | " + marker)
    return "\n".join(out) + "\n"


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, by code points."""
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost))
        prev = cur
    return prev[len(b)]


def did_you_mean(name: str, names: list[str]) -> str:
    """ "did you mean 'x'?" for the closest of names (the first of the
    closest), when it is close for names of that length; else ""."""
    best = ""
    best_d = 0
    for cand in names:
        d = edit_distance(name, cand)
        if cand != name and d * 6 <= len(name) + len(cand) + 3:
            if best == "" or d < best_d:
                best = cand
                best_d = d
    if best == "":
        return ""
    return "did you mean '" + best + "'?"
