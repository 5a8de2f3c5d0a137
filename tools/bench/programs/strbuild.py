"""String building, ROUNDS times: one text of N numbers, PER_LINE to a line
after a "#<line>: " label and separated by ", ", built in three ways -- by
`s = s + piece` onto one growing string, by `+=` onto a line that is then
added to the text, and by joining lists of pieces -- then its length, where
its last label is, a digest of every STEP-th character and whether the
three ways agree."""

N = 1_000_000
PER_LINE = 12
ROUNDS = 8
STEP = 1009


def number(i, r):
    """The i-th number of round r."""
    return i * (2 * r + 1) + r


def ends_line(i, n):
    return i % PER_LINE == PER_LINE - 1 or i == n - 1


def concat_text(n, r):
    s = ""
    for i in range(n):
        if i % PER_LINE == 0:
            s = s + "#"
            s = s + str(i // PER_LINE)
            s = s + ": "
        s = s + str(number(i, r))
        if ends_line(i, n):
            s = s + "\n"
        else:
            s = s + ", "
    return s


def line_text(n, r):
    text = ""
    line = ""
    for i in range(n):
        if i % PER_LINE == 0:
            line = "#" + str(i // PER_LINE) + ": "
        line += str(number(i, r))
        if ends_line(i, n):
            line += "\n"
            text += line
        else:
            line += ", "
    return text


def joined_text(n, r):
    lines = []
    words = []
    for i in range(n):
        words.append(str(number(i, r)))
        if ends_line(i, n):
            label = "#" + str(i // PER_LINE) + ": "
            lines.append(label + ", ".join(words) + "\n")
            words.clear()
    return "".join(lines)


def digest(s):
    """A polynomial hash of every STEP-th character."""
    h = 0
    for i in range(0, len(s), STEP):
        h = (h * 31 + ord(s[i])) % 1_000_000_007
    return h


def main():
    for r in range(ROUNDS):
        a = concat_text(N, r)
        b = line_text(N, r)
        c = joined_text(N, r)
        same = a == b and b == c
        print("round", r, "length", len(a), "last label at", a.rfind("#"))
        print("  digest", digest(a), "same", same)


main()
