"""Amane: a self-referral and information assistant for people at risk of trafficking in Morocco."""
