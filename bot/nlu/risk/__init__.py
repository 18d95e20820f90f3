"""Risk-cue detection: finds trafficking indicators, self-harm and immediate danger in a message, tells what is
stated from what is asked, imagined, joked or forwarded, and rates the message's priority."""
from bot.nlu.risk.assess import RiskAssessment, assess_risk
from bot.nlu.risk.cues import find_cues, frame_cues
from bot.nlu.risk.labels import DANGER, INDICATORS, SELF_HARM, Cue, Frame
from bot.nlu.risk.pipeline import preload

__all__ = [
    "DANGER", "INDICATORS", "SELF_HARM", "Cue", "Frame", "RiskAssessment", "assess_risk", "find_cues", "frame_cues",
    "preload",
]
