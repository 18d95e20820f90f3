"""Amane's custom actions, served by the rasa_sdk action server (`python -m rasa_sdk --actions actions`)."""
from actions import answers, conversation, escalation, screening  # noqa: F401  (registers the actions)
