"""Intent classifier variants compared on every development set: the NLU's tokenizer and count featurizers, then a
logistic regression, fitted in-process (no Rasa model is written) and scored per set and per language.

It measures the classifier's own first guess (before the annotator reconciles it with the risk logic), so its figures
are a little below bench/escalation_dev.py's; it is for choosing between variants on the mean over the sets, the
figures of record come from a trained model. Only development sets: it refuses blind_* and conversations_* sets,
and fresh_v1 is measure-only (never select on it).

When the development sets' own lines are in nlu_data (nlu_data/*/dev_sets.yml, written by scripts/dev_sets_to_nlu.py;
tried and not kept, evaluation/README.md), this sweep fits on the hand-written lines only, leaving those files out, so
that its sets are not training data; whether their lines help is measured by a leave-out (bench/dev_sets_leave_out.py).

Usage: .venv/bin/python bench/intent_dev_sweep.py [--variant NAME ...] [--lemma arstem]
Each variant takes 2-6 minutes on this machine under load (the featurizers run once per feature set).

Run of 2026-12-06 (session 10, h-intent2), main's data at 809553c, classifier's own guess, mean over the 8 sets /
weakest language: baseline 0.8412 / 0.843; C=0.3 0.8413 / 0.849; C=3 0.8403 / 0.847; binary counts 0.8443 / 0.834;
sublinear counts ("log") 0.8452 / 0.847; log + Arabic article stripping 0.8432 / 0.842 (Arabic fell 0.852 -> 0.842).
None of these moves more than half a point, under the spread between sets. The best, sublinear counts, was then
trained as a whole model (amane-config-0208ad7716db) and measured through the whole pipeline
(bench/escalation_dev.py --intents, bench/nlu_heldout.py): mean intent accuracy over the 8 development sets 0.880
before, 0.879 after (heldout 0.931 -> 0.927, dev_v6 0.825 -> 0.818, dev_v2 0.836 -> 0.839, dev_v5 0.755 -> 0.759),
so the classifier-only gain did not survive the annotator's reconciliation and the config was left unchanged.
Not tried for lack of time: char n-gram ranges and analyzers, word 1-3 grams (variants listed below).
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer  # noqa: E402
from rasa.shared.nlu.constants import TEXT  # noqa: E402
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402
from scipy.sparse import csr_matrix, hstack, vstack  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bot.nlu.tokenizer import NormalisingTokenizer  # noqa: E402
from tests.nlu.blind import load_blind  # noqa: E402

EVAL = ROOT / "evaluation"
# The file of nlu_data each language folder holds the development sets' lines in (scripts/dev_sets_to_nlu.py).
GENERATED = "dev_sets.yml"
DEV_SETS = ["heldout", "intent_dev_v1", "intent_dev_v2", "dev_v2", "dev_v3", "dev_v4", "dev_v5", "dev_v6"]
WORD = {"analyzer": "word", "min_ngram": 1, "max_ngram": 2}
CHAR = {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}
# name -> (featurizer configs, LogisticRegression keyword arguments, scaling of the count features)
BASE_LR: dict[str, Any] = {"C": 1.0, "class_weight": "balanced", "max_iter": 300, "solver": "lbfgs", "random_state": 7}
VARIANTS: dict[str, tuple[list[dict[str, Any]], dict[str, Any], str]] = {
    "baseline": ([WORD, CHAR], {}, "counts"),
    "C0.3": ([WORD, CHAR], {"C": 0.3}, "counts"),
    "C3": ([WORD, CHAR], {"C": 3.0}, "counts"),
    "C10": ([WORD, CHAR], {"C": 10.0}, "counts"),
    "unweighted": ([WORD, CHAR], {"class_weight": None}, "counts"),
    "binary": ([WORD, CHAR], {}, "binary"),
    "log": ([WORD, CHAR], {}, "log"),
    "char1-5": ([WORD, {**CHAR, "min_ngram": 1}], {}, "counts"),
    "char2-6": ([WORD, {**CHAR, "max_ngram": 6}], {}, "counts"),
    "char3-5": ([WORD, {**CHAR, "min_ngram": 3}], {}, "counts"),
    "char_plain2-5": ([WORD, {**CHAR, "analyzer": "char"}], {}, "counts"),
    "word1": ([{**WORD, "max_ngram": 1}, CHAR], {}, "counts"),
    "word1-3": ([{**WORD, "max_ngram": 3}, CHAR], {}, "counts"),
}
# Arabic articles and the clitics written onto them ("والباسبور", "بالفرنسية", "للشرطة"), longest first, stripped
# when three letters or more are left. Tried on 2026-12-06 as a lemma variant: mean over the sets 0.8432 against
# 0.8452 without it, Arabic 0.842 against 0.852 (the char n-grams already see the stem), so not in the tokenizer.
ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
ARABIC_LETTERS = re.compile(r"^[\u0621-\u064A]+$")


def strip_article(word: str) -> str:
    """A normalised Arabic word without its article; other words unchanged."""
    if ARABIC_LETTERS.match(word):
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix):]
    return word


# Variants of the tokens' lemma (what both featurizers read), applied after the tokenizer.
LEMMA_VARIANTS = {"arstem": strip_article}


def context(tmp: Path) -> tuple[LocalModelStorage, ExecutionContext]:
    return LocalModelStorage(tmp), ExecutionContext(GraphSchema({}), "sweep")


def training_examples() -> list[Message]:
    """The hand-written intent examples of nlu_data (rules and stories files, and the development sets' lines that
    scripts/dev_sets_to_nlu.py writes, are skipped)."""
    examples: list[Message] = []
    for path in sorted((ROOT / "nlu_data").rglob("*.yml")):
        if path.name != GENERATED and "nlu:" in path.read_text(encoding="utf-8"):
            examples += load_data(str(path)).intent_examples
    return examples


def dev_rows() -> list[tuple[str, str, str, str]]:
    """(set, language file, text, intent) for every development set."""
    rows = []
    for name in DEV_SETS:
        folder = EVAL / name
        if name == "heldout":
            for path in sorted(folder.glob("*.yml")):
                for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                    for line in block["examples"].splitlines():
                        if line.strip().startswith("- "):
                            rows.append((name, path.stem, line.strip()[2:], block["intent"]))
        else:
            rows += [(name, r.script, r.text, r.intent) for r in load_blind(folder)]
    return rows


def tokenise(train: TrainingData, tests: list[Message], tmp: Path) -> None:
    """The NLU's own tokens (their lemma is the normalised spelling the featurizers read), set on every message."""
    storage, ctx = context(tmp)
    tokenizer = NormalisingTokenizer.create(NormalisingTokenizer.get_default_config(), storage, Resource("tok"), ctx)
    tokenizer.process_training_data(train)
    tokenizer.process(tests)


def featurise(configs: list[dict[str, Any]], train: TrainingData, tests: list[Message],
              tmp: Path) -> tuple[csr_matrix, csr_matrix]:
    storage, ctx = context(tmp)
    blocks_train, blocks_test = [], []
    for i, cfg in enumerate(configs):
        full = {**CountVectorsFeaturizer.get_default_config(), **cfg}
        feat = CountVectorsFeaturizer.create(full, storage, Resource(f"cvf{i}"), ctx)
        feat.train(train)
        for m in train.intent_examples + tests:
            m.features = []
        feat.process_training_data(train)
        feat.process(tests)
        blocks_train.append(vstack([m.get_sparse_features(TEXT)[1].features for m in train.intent_examples]))
        blocks_test.append(vstack([m.get_sparse_features(TEXT)[1].features for m in tests]))
    return hstack(blocks_train).tocsr(), hstack(blocks_test).tocsr()


def scale(x: csr_matrix, how: str) -> csr_matrix:
    x = x.astype(np.float64)
    if how == "binary":
        x.data = np.ones_like(x.data)
    elif how == "log":
        x.data = 1.0 + np.log(x.data)
    return x


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", nargs="*", default=list(VARIANTS))
    parser.add_argument("--lemma", choices=sorted(LEMMA_VARIANTS), help="also rewrite every token's lemma")
    args = parser.parse_args()
    training = TrainingData([m for m in training_examples() if m.get("intent") and m.get(TEXT)])
    rows = dev_rows()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tests = [Message(data={TEXT: text}) for _, _, text, _ in rows]
        tokenise(training, tests, Path(tmp_dir))
        if args.lemma:
            rewrite = LEMMA_VARIANTS[args.lemma]
            for message in training.intent_examples + tests:
                for token in message.get("text_tokens") or []:
                    token.lemma = rewrite(token.lemma)
        y = [m.get("intent") for m in training.intent_examples]
        cache: dict[str, tuple[csr_matrix, csr_matrix]] = {}
        print(f"{len(y)} training lines, {len(rows)} development lines")
        for name in args.variant:
            configs, lr_args, how = VARIANTS[name]
            key = repr(configs)
            start = time.perf_counter()
            if key not in cache:
                cache[key] = featurise(configs, training, tests, Path(tmp_dir))
            x_train, x_test = cache[key]
            clf = LogisticRegression(**{**BASE_LR, **lr_args}).fit(scale(x_train, how), y)
            guesses = clf.predict(scale(x_test, how))
            report(f"{name}+{args.lemma}" if args.lemma else name, rows, guesses, time.perf_counter() - start, x_train.shape[1])


def report(name: str, rows: list[tuple[str, str, str, str]], guesses: Any, seconds: float, features: int) -> None:
    by_set: dict[str, list[bool]] = defaultdict(list)
    by_lang: dict[str, list[bool]] = defaultdict(list)
    for (set_name, lang, _, intent), guess in zip(rows, guesses, strict=True):
        by_set[set_name].append(guess == intent)
        by_lang[lang].append(guess == intent)
    set_acc = {k: sum(v) / len(v) for k, v in by_set.items()}
    lang_acc = {k: sum(v) / len(v) for k, v in sorted(by_lang.items())}
    mean = sum(set_acc.values()) / len(set_acc)
    print(f"{name:14s} mean-over-sets {mean:.4f}  min-lang {min(lang_acc.values()):.4f}  "
          f"({features} features, {seconds:.0f} s)")
    print("   sets: " + "  ".join(f"{k} {v:.3f}" for k, v in set_acc.items()))
    print("   langs: " + "  ".join(f"{k} {v:.3f}" for k, v in lang_acc.items()), flush=True)


if __name__ == "__main__":
    main()
