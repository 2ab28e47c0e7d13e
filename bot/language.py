"""Language identification for es, en, fr, pt and ht, trained on Amparo's own examples.

No detector on PyPI knows Haitian Creole in short messages, so this is a character n-gram
model trained on the NLU examples and bot responses of each language.
"""

from bot.classifier import TextClassifier, char_ngrams, words_of

# For one- or two-word messages ("si", "ok", "mesi") the conversation's language weighs this
# much more than any other: another language wins only on strong evidence.
PRIOR_WEIGHT = 20.0
SHORT_WORDS = 2
DEFAULT_WEIGHT = 1.3
# Probabilities closer than this are a tie, settled by the conversation's or default language.
TIE = 0.02


def language_features(text: str) -> list[str]:
    """Whole words and their character 1-4-grams, lowercased, accents kept ("èd" is Kreyòl)."""
    words = words_of(text.lower())
    return [f"w:{w}" for w in words] + char_ngrams(words, 1, 4)


class LanguageIdentifier:
    """Character n-gram logistic regression over the five languages."""

    def __init__(self) -> None:
        self.classifier = TextClassifier(language_features, c=20.0)

    def fit(self, texts: list[str], languages: list[str]) -> "LanguageIdentifier":
        self.classifier.fit(texts, languages)
        return self

    @property
    def languages(self) -> list[str]:
        return self.classifier.labels

    def probabilities(
        self, text: str, prior: str | None = None, default: str | None = None
    ) -> dict[str, float]:
        """P(language | text), with `prior` (the conversation's language) for short texts.

        Without a prior, `default` (the service's main language) breaks near-ties such as
        "socorro", which Spanish and Portuguese write alike.
        """
        # Python floats (the same values): arithmetic on numpy scalars is slower.
        probs = dict(zip(self.languages, self.classifier.probabilities(text).tolist(), strict=True))
        weighted, weight = (prior, PRIOR_WEIGHT) if prior else (default, DEFAULT_WEIGHT)
        if weighted in probs and len(text.split()) <= SHORT_WORDS:
            probs[weighted] *= weight
            total = sum(probs.values())
            probs = {lang: p / total for lang, p in probs.items()}
        return probs

    def identify(
        self, text: str, prior: str | None = None, default: str | None = None
    ) -> tuple[str, float]:
        """The most likely language and its probability."""
        probs = self.probabilities(text, prior, default)
        best = max(probs, key=probs.__getitem__)
        favoured = prior or default
        if favoured in probs and probs[best] - probs[favoured] < TIE:
            best = favoured  # "socorro": Spanish and Portuguese alike; a tie is no evidence
        return str(best), float(probs[best])
