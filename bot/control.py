"""Control payloads that actions send to the pipeline through Rasa; they never reach the user."""

# Sent by the action that confirms deletion: the pipeline erases the conversation after the turn.
ERASE_CONVERSATION = {"amane_control": "erase_conversation"}
