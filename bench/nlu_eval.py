"""NLU evaluation on bench/heldout.tsv (never used for training): intent accuracy and macro-F1,
per language, language-ID accuracy, the `need` on assistance lines and parse latency. Run by
hand: `make bench`.

The `need` column holds, for assistance lines, the need a consular officer would record from
the line's words (empty: the line states none). The NLU's need is the first `need` entity, as
the assistance form's slot takes it; a miss is counted as "no need returned" or "wrong need".

Prints Markdown tables for the README. `--errors` lists the misclassified lines.
"""

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu import NLU  # noqa: E402
from bot.training import LANGUAGES, load_training_data  # noqa: E402
from data.directory import load_directory  # noqa: E402
from data.lexicon import load_lexicon  # noqa: E402


def load_heldout(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class NeedScore:
    """The NLU's need against the labels, on one language's (or all) assistance lines."""

    lines: int = 0
    right: int = 0
    none: int = 0  # no need returned where one was labelled
    wrong: int = 0  # a need returned, not the labelled one (or one where none was)

    @property
    def accuracy(self) -> float:
        return self.right / self.lines if self.lines else 0.0

    def add(self, gold: str, found: str | None) -> None:
        self.lines += 1
        if (found or "") == gold:
            self.right += 1
        elif found is None:
            self.none += 1
        else:
            self.wrong += 1


def score_needs(nlu: NLU, rows: list[dict[str, str]]) -> tuple[dict[str, NeedScore], list[str]]:
    """Need scores per language and "all" on the assistance lines, and the misses as text."""
    scores: dict[str, NeedScore] = defaultdict(NeedScore)
    misses = []
    for row in rows:
        if row["intent"] != "assistance":
            continue
        gold = (row.get("need") or "").strip()
        entity = nlu.parse(row["text"]).first("need")
        found = entity.value if entity else None
        scores[row["lang"]].add(gold, found)
        scores["all"].add(gold, found)
        if (found or "") != gold:
            misses.append(f"{row['lang']}\tneed {gold or '-'}->{found or '-'}\t{row['text']}")
    return scores, misses


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--heldout", type=Path, default=ROOT / "bench" / "heldout.tsv")
    parser.add_argument("--errors", action="store_true", help="list misclassified lines")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the set for latency")
    args = parser.parse_args()

    rows = load_heldout(args.heldout)
    training = {e.text.lower() for e in load_training_data(ROOT / "intents").examples}
    leaked = [r["text"] for r in rows if r["text"].lower() in training]

    started = time.perf_counter()
    reference = ROOT / "data" / "reference"
    nlu = NLU.build(ROOT / "intents", load_directory(reference), load_lexicon(reference))
    train_seconds = time.perf_counter() - started

    for row in rows[:20]:  # warm-up
        nlu.parse(row["text"])
    latencies, predicted, languages = [], [], []
    for row in rows:
        result = nlu.parse(row["text"])
        predicted.append(result.intent)
        languages.append(result.language)
    for _ in range(args.repeat):
        for row in rows:
            t0 = time.perf_counter()
            nlu.parse(row["text"])
            latencies.append((time.perf_counter() - t0) * 1000)

    gold = [r["intent"] for r in rows]
    gold_lang = [r["lang"] for r in rows]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_lang[row["lang"]].append(i)

    print(
        f"held-out lines: {len(rows)} (verbatim in training data: {len(leaked)}); "
        f"training + start-up: {train_seconds:.1f} s\n"
    )
    print("| language | lines | intent accuracy | intent macro-F1 | language-ID accuracy |")
    print("|---|---:|---:|---:|---:|")
    for lang in [*LANGUAGES, "all"]:
        idx = by_lang[lang] if lang != "all" else list(range(len(rows)))
        g = [gold[i] for i in idx]
        p = [predicted[i] for i in idx]
        lang_acc = accuracy_score([gold_lang[i] for i in idx], [languages[i] for i in idx])
        print(
            f"| {lang} | {len(idx)} | {accuracy_score(g, p):.3f} | "
            f"{f1_score(g, p, average='macro', zero_division=0):.3f} | {lang_acc:.3f} |"
        )
    print()
    needs, need_misses = score_needs(nlu, rows)
    if "need" not in rows[0]:
        print("no `need` column: the need on assistance lines is not scored")
    else:
        print("| language | assistance lines | need accuracy | no need returned | wrong need |")
        print("|---|---:|---:|---:|---:|")
        for lang in [*LANGUAGES, "all"]:
            n = needs[lang]
            print(f"| {lang} | {n.lines} | {n.accuracy:.3f} | {n.none} | {n.wrong} |")
    print()
    print(f"| parse latency ({len(latencies)} parses) | ms |")
    print("|---|---:|")
    print(f"| p50 | {statistics.median(latencies):.2f} |")
    print(f"| p99 | {percentile(latencies, 99):.2f} |")
    print(f"| max | {max(latencies):.2f} |")

    if args.errors:
        print()
        for i, row in enumerate(rows):
            if predicted[i] != gold[i] or languages[i] != gold_lang[i]:
                print(
                    f"{row['lang']}->{languages[i]}\t{row['intent']}->{predicted[i]}\t{row['text']}"
                )
        print(*need_misses, sep="\n")


if __name__ == "__main__":
    main()
