"""Language of a user message (fr, en, ar, ary) and explicit requests to change the reply language."""
from bot.nlu.language.detect import SUPPORTED, LanguageGuess, detect_language, preload
from bot.nlu.language.switch import requested_language

__all__ = ["SUPPORTED", "LanguageGuess", "detect_language", "preload", "requested_language"]
