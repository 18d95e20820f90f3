"""Channels: each receives messages from one messaging service and sends the replies back."""
