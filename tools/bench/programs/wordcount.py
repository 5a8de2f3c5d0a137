"""Word frequencies: DOCS deterministic pseudo-random texts of N_WORDS words
each, drawn (with a skew towards the first ones) from a vocabulary of VOCAB
made-up words, counted together in one dict; then the TOP most frequent
words, the ties broken alphabetically."""

VOCAB = 500
DOCS = 8
N_WORDS = 2_000_000
WORDS_PER_LINE = 12
TOP = 10


class Random:
    """A linear congruential generator, the same in all three versions."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        """The next number in [0, n)."""
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return (self.state >> 16) % n

    def skewed(self, n):
        """A number in [0, n), small ones more likely."""
        return self.below(self.below(n) + 1)


class WordCount:
    __slots__ = ("count", "word")

    def __init__(self, word, count):
        self.word = word
        self.count = count

    def beats(self, other):
        """Whether self comes first: more frequent, or as frequent and
        alphabetically first."""
        if self.count != other.count:
            return self.count > other.count
        return self.word < other.word


def make_vocabulary(n):
    """n distinct words: word i spells i + 1 in bijective base-20, one
    syllable per digit."""
    syllables = "ka lo mi ne ru sa ti vo ze pu da fe gi ho ju be co wy xa qui".split()
    words = []
    for i in range(n):
        k = i + 1
        word = ""
        while k > 0:
            k -= 1
            word += syllables[k % len(syllables)]
            k //= len(syllables)
        words.append(word)
    return words


def make_text(vocab, n, rng):
    lines = []
    line = []
    for i in range(n):
        line.append(vocab[rng.skewed(len(vocab))])
        if len(line) == WORDS_PER_LINE:
            lines.append(" ".join(line))
            line.clear()
    if len(line) > 0:
        lines.append(" ".join(line))
    return "\n".join(lines) + "\n"


def count_words(text, counts):
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1


def most_frequent(counts, k):
    """The k first words in order of WordCount.beats, by selection."""
    items = []
    for word, count in counts.items():
        items.append(WordCount(word, count))
    for i in range(min(k, len(items))):
        best = i
        for j in range(i + 1, len(items)):
            if items[j].beats(items[best]):
                best = j
        tmp = items[i]
        items[i] = items[best]
        items[best] = tmp
    return items[:k]


def main():
    vocab = make_vocabulary(VOCAB)
    rng = Random(12345)
    counts = {}
    chars = 0
    for d in range(DOCS):
        text = make_text(vocab, N_WORDS, rng)
        chars += len(text)
        count_words(text, counts)
    total = 0
    for count in counts.values():
        total += count
    print("chars", chars, "words", total, "distinct", len(counts))
    for wc in most_frequent(counts, TOP):
        print(wc.count, wc.word)


main()
