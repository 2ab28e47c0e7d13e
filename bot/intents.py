"""Intent classification: character and word n-grams into a linear model, all languages at once."""

from bot.classifier import TextClassifier, char_ngrams, words_of
from bot.text import squash

INTENTS = (
    "distress",
    "missing_person",
    "assistance",
    "safe",
    "information",
    "register",
    "human",
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "stop",
    "out_of_scope",
)


def intent_features(text: str) -> list[str]:
    """Word unigrams and bigrams plus character 2-5-grams of the folded, de-stretched text."""
    words = words_of(squash(text))
    return (
        [f"w:{w}" for w in words]
        + [f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        + char_ngrams(words, 2, 5)
    )


class IntentClassifier:
    """Ranks the intents of a message; trained from the Rasa NLU examples in seconds."""

    def __init__(self) -> None:
        self.classifier = TextClassifier(intent_features, c=15.0)

    def fit(self, texts: list[str], intents: list[str]) -> "IntentClassifier":
        unknown = set(intents) - set(INTENTS)
        if unknown:
            raise ValueError(f"unknown intent labels in training data: {sorted(unknown)}")
        self.classifier.fit(texts, intents)
        return self

    def rank(self, text: str) -> list[tuple[str, float]]:
        """All intents with their confidence, best first."""
        probs = self.classifier.probabilities(text).tolist()  # floats: numpy scalars sort slowly
        return sorted(zip(self.classifier.labels, probs, strict=True), key=lambda p: -p[1])
