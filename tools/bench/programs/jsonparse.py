"""A JSON parser: a deterministic pseudo-random JSON document of RECORDS
records (objects nesting objects and arrays, strings with escapes,
integers, true, false and null) is built in memory, then tokenized and
parsed by recursive descent into a tree of nodes PARSES times. Each tree
is walked for statistics: the nodes of each kind, the sum of the
integers, the length of the strings and of the keys, the height, and
lookups of the keys "id" and "name" in every object."""

RECORDS = 20_000
PARSES = 10
MAX_DEPTH = 6  # the deepest container; deeper values are scalars

# the kinds of token
T_EOF = 0
T_LBRACE = 1
T_RBRACE = 2
T_LBRACKET = 3
T_RBRACKET = 4
T_COLON = 5
T_COMMA = 6
T_STRING = 7
T_NUMBER = 8
T_TRUE = 9
T_FALSE = 10
T_NULL = 11


class Random:
    """A linear congruential generator, the same in all three versions."""

    __slots__ = ("state",)

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        """The next number in [0, n)."""
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return (self.state >> 16) % n


# ---- the document ----


class Generator:
    """Writes a document as a list of pieces of text."""

    __slots__ = ("escapes", "keys", "out", "rng", "syllables")

    def __init__(self, rng):
        self.rng = rng
        self.keys = "id name tags value children active score owner kind data".split()
        self.syllables = "ka lo mi ne ru sa ti vo ze pu da fe gi ho ju be".split()
        self.escapes = '\\" \\\\ \\n \\t \\/'.split()
        self.out = []

    def document(self, records):
        self.out.append("[\n")
        for i in range(records):
            if i > 0:
                self.out.append(",\n")
            self.record(i)
        self.out.append("\n]\n")
        return "".join(self.out)

    def record(self, ident):
        """An object with an "id", a "name" and up to five more fields, at
        depth 2, in the top-level array."""
        self.out.append('{"id": ' + str(ident) + ', "name": ')
        self.string()
        for i in range(self.rng.below(6)):
            self.out.append(", ")
            self.field(3)
        self.out.append("}")

    def field(self, depth):
        self.out.append('"' + self.keys[self.rng.below(len(self.keys))] + '": ')
        self.value(depth)

    def value(self, depth):
        r = self.rng.below(100)
        if r < 15 and depth < MAX_DEPTH:
            self.out.append("{")
            for i in range(self.rng.below(7)):
                if i > 0:
                    self.out.append(", ")
                self.field(depth + 1)
            self.out.append("}")
        elif r < 25 and depth < MAX_DEPTH:
            self.out.append("[")
            for i in range(self.rng.below(8)):
                if i > 0:
                    self.out.append(", ")
                self.value(depth + 1)
            self.out.append("]")
        elif r < 55:
            self.string()
        elif r < 85:
            n = self.rng.below(20000) - 10000
            if self.rng.below(8) == 0:
                n = n * 1000003 + self.rng.below(1000)
            self.out.append(str(n))
        elif r < 90:
            self.out.append("true")
        elif r < 95:
            self.out.append("false")
        else:
            self.out.append("null")

    def string(self):
        """A string of one to four syllables, some of them escapes."""
        self.out.append('"')
        for i in range(1 + self.rng.below(4)):
            if self.rng.below(10) == 0:
                self.out.append(self.escapes[self.rng.below(len(self.escapes))])
            else:
                self.out.append(self.syllables[self.rng.below(len(self.syllables))])
        self.out.append('"')


# ---- the tree ----


class Stats:
    __slots__ = (
        "arrays",
        "falses",
        "id_sum",
        "ids",
        "int_sum",
        "ints",
        "key_chars",
        "named",
        "nulls",
        "objects",
        "string_chars",
        "strings",
        "trues",
    )

    def __init__(self):
        self.objects = 0
        self.arrays = 0
        self.strings = 0
        self.ints = 0
        self.trues = 0
        self.falses = 0
        self.nulls = 0
        self.int_sum = 0
        self.string_chars = 0
        self.key_chars = 0
        self.ids = 0
        self.id_sum = 0
        self.named = 0

    def nodes(self):
        return (
            self.objects
            + self.arrays
            + self.strings
            + self.ints
            + self.trues
            + self.falses
            + self.nulls
        )


class Node:
    __slots__ = ()

    def walk(self, stats):
        """Adds this subtree to stats; returns its height."""
        raise NotImplementedError("Node.walk")


class ObjectNode(Node):
    __slots__ = ("fields",)

    def __init__(self, fields):
        self.fields = fields

    def walk(self, stats):
        stats.objects += 1
        ident = self.fields.get("id", None)
        if isinstance(ident, IntNode):
            stats.ids += 1
            stats.id_sum += ident.value
        if "name" in self.fields:
            stats.named += 1
        height = 0
        for key, value in self.fields.items():
            stats.key_chars += len(key)
            height = max(height, value.walk(stats))
        return height + 1


class ArrayNode(Node):
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items

    def walk(self, stats):
        stats.arrays += 1
        height = 0
        for item in self.items:
            height = max(height, item.walk(stats))
        return height + 1


class StringNode(Node):
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def walk(self, stats):
        stats.strings += 1
        stats.string_chars += len(self.value)
        return 1


class IntNode(Node):
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def walk(self, stats):
        stats.ints += 1
        stats.int_sum += self.value
        return 1


class BoolNode(Node):
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def walk(self, stats):
        if self.value:
            stats.trues += 1
        else:
            stats.falses += 1
        return 1


class NullNode(Node):
    __slots__ = ()

    def walk(self, stats):
        stats.nulls += 1
        return 1


# ---- the tokenizer and the parser ----


def unescape(c):
    """The character that the escape sequence backslash-c stands for."""
    if c == '"' or c == "\\" or c == "/":
        return c
    if c == "n":
        return "\n"
    if c == "t":
        return "\t"
    if c == "r":
        return "\r"
    if c == "b":
        return "\x08"
    if c == "f":
        return "\x0c"
    raise ValueError("bad escape \\" + c)


class Lexer:
    """The tokens of text, one at a time: kind is the current one's, and
    string or number its value."""

    __slots__ = ("kind", "number", "pos", "string", "text")

    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.kind = T_EOF
        self.string = ""
        self.number = 0
        self.advance()

    def advance(self):
        """Reads the next token."""
        text = self.text
        n = len(text)
        pos = self.pos
        while pos < n:
            c = text[pos]
            if c != " " and c != "\n" and c != "\t" and c != "\r":
                break
            pos += 1
        if pos == n:
            self.kind = T_EOF
            self.pos = pos
            return
        c = text[pos]
        if c == "{":
            self.kind = T_LBRACE
            self.pos = pos + 1
        elif c == "}":
            self.kind = T_RBRACE
            self.pos = pos + 1
        elif c == "[":
            self.kind = T_LBRACKET
            self.pos = pos + 1
        elif c == "]":
            self.kind = T_RBRACKET
            self.pos = pos + 1
        elif c == ":":
            self.kind = T_COLON
            self.pos = pos + 1
        elif c == ",":
            self.kind = T_COMMA
            self.pos = pos + 1
        elif c == '"':
            self.kind = T_STRING
            self.pos = self.read_string(pos + 1)
        elif c == "-" or "0" <= c <= "9":
            self.kind = T_NUMBER
            self.pos = self.read_number(pos)
        elif c == "t":
            self.kind = T_TRUE
            self.pos = self.read_word(pos, "true")
        elif c == "f":
            self.kind = T_FALSE
            self.pos = self.read_word(pos, "false")
        elif c == "n":
            self.kind = T_NULL
            self.pos = self.read_word(pos, "null")
        else:
            raise ValueError("unexpected character at " + str(pos))

    def read_string(self, pos):
        """Reads the string that starts at pos, after its opening quote;
        returns the position after its closing quote."""
        text = self.text
        n = len(text)
        start = pos  # of the text since the last escape
        value = ""  # the text before the last escape, unescaped
        escaped = False
        while True:
            if pos >= n:
                raise ValueError("unterminated string at " + str(pos))
            c = text[pos]
            if c == '"':
                break
            if c == "\\":
                if pos + 1 == n:
                    raise ValueError("unterminated string at " + str(pos))
                value += text[start:pos] + unescape(text[pos + 1])
                escaped = True
                pos += 2
                start = pos
            else:
                pos += 1
        if escaped:
            self.string = value + text[start:pos]
        else:
            self.string = text[start:pos]
        return pos + 1

    def read_number(self, pos):
        """Reads the integer at pos; returns the position after it."""
        text = self.text
        n = len(text)
        start = pos
        if text[pos] == "-":
            pos += 1
        digits = pos
        while pos < n:
            c = text[pos]
            if c < "0" or c > "9":
                break
            pos += 1
        if pos == digits:
            raise ValueError("bad number at " + str(start))
        self.number = int(text[start:pos])
        return pos

    def read_word(self, pos, word):
        if not self.text.startswith(word, pos):
            raise ValueError("unexpected word at " + str(pos))
        return pos + len(word)


class Parser:
    __slots__ = ("lexer",)

    def __init__(self, text):
        self.lexer = Lexer(text)

    def parse(self):
        """The value that is the whole text."""
        node = self.value()
        if self.lexer.kind != T_EOF:
            raise ValueError("text after the value at " + str(self.lexer.pos))
        return node

    def expect(self, kind, what):
        """Skips a token of the kind, which what describes."""
        if self.lexer.kind != kind:
            raise ValueError("expected " + what + " at " + str(self.lexer.pos))
        self.lexer.advance()

    def value(self):
        lexer = self.lexer
        kind = lexer.kind
        if kind == T_LBRACE:
            return self.object()
        if kind == T_LBRACKET:
            return self.array()
        node = None
        if kind == T_STRING:
            node = StringNode(lexer.string)
        elif kind == T_NUMBER:
            node = IntNode(lexer.number)
        elif kind == T_TRUE:
            node = BoolNode(True)
        elif kind == T_FALSE:
            node = BoolNode(False)
        elif kind == T_NULL:
            node = NullNode()
        else:
            raise ValueError("expected a value at " + str(lexer.pos))
        lexer.advance()
        return node

    def object(self):
        lexer = self.lexer
        lexer.advance()
        fields = {}
        if lexer.kind == T_RBRACE:
            lexer.advance()
            return ObjectNode(fields)
        while True:
            if lexer.kind != T_STRING:
                raise ValueError("expected a key at " + str(lexer.pos))
            key = lexer.string
            lexer.advance()
            self.expect(T_COLON, "':'")
            fields[key] = self.value()
            if lexer.kind != T_COMMA:
                break
            lexer.advance()
        self.expect(T_RBRACE, "'}'")
        return ObjectNode(fields)

    def array(self):
        lexer = self.lexer
        lexer.advance()
        items = []
        if lexer.kind == T_RBRACKET:
            lexer.advance()
            return ArrayNode(items)
        while True:
            items.append(self.value())
            if lexer.kind != T_COMMA:
                break
            lexer.advance()
        self.expect(T_RBRACKET, "']'")
        return ArrayNode(items)


def main():
    text = Generator(Random(4321)).document(RECORDS)
    print("document of", len(text), "chars,", RECORDS, "records")
    total_nodes = 0
    stats = Stats()
    height = 0
    for i in range(PARSES):
        root = Parser(text).parse()
        stats = Stats()
        height = root.walk(stats)
        total_nodes += stats.nodes()
    print("parsed", PARSES, "times:", total_nodes, "nodes")
    print("objects", stats.objects, "arrays", stats.arrays)
    print("strings", stats.strings, "ints", stats.ints)
    print("true", stats.trues, "false", stats.falses, "null", stats.nulls)
    print("int sum", stats.int_sum, "string chars", stats.string_chars)
    print("key chars", stats.key_chars, "height", height)
    print("ids", stats.ids, "id sum", stats.id_sum, "named", stats.named)


main()
