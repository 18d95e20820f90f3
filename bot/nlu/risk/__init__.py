"""Risk-cue detection: finds trafficking indicators and immediate danger in a message, and rates its priority."""
from bot.nlu.risk.assess import RiskAssessment, assess_risk
from bot.nlu.risk.cues import DANGER, INDICATORS, Cue, find_cues
from bot.nlu.risk.pipeline import preload

__all__ = ["DANGER", "INDICATORS", "Cue", "RiskAssessment", "assess_risk", "find_cues", "preload"]
