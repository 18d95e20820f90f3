"""`python -m bot.nlu.rasa_command ARGS`: Rasa's own command line (`rasa train`, `rasa test`), skops imported first.

skops, which saves and loads the linear models, scans every module already imported for each of numpy's and scipy's
ufuncs when it is first imported: about 3 s before Rasa and TensorFlow are loaded, 10 to 15 s after
(bench/startup.py). Every process that trains or loads a model imports it first.
"""
import sys


def import_skops_before_rasa() -> None:
    import skops.io  # noqa: F401


if __name__ == "__main__":
    import_skops_before_rasa()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
