"""What the form tells the worker about a traveller before saving: fever, NAT, a suggestion.

These are the workstation's built-in rules; a county policy pack, once applied,
supplies the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from checkpoint_app.records.model import CodeColour, Disposition, NatResult, TravellerRecord
from checkpoint_app.records.validation import is_fever, nat_status


@dataclass(frozen=True, slots=True)
class Thresholds:
    fever: float = 37.3
    nat_valid_hours: int = 48


@dataclass(frozen=True, slots=True)
class Assessment:
    fever: bool
    nat_expired: bool
    nat_text: str
    suggested: Disposition
    reasons: tuple[str, ...]

    def override_problem(self, chosen: Disposition, override_reason: str) -> str | None:
        """A Chinese message if `chosen` needs a written reason that is missing, else None."""
        if override_reason.strip():
            return None
        if chosen.is_release and self.fever:
            return "体温异常，放行必须填写原因"
        if chosen.is_release and not self.suggested.is_release:
            return f"建议「{self.suggested.label}」，选择放行必须填写原因"
        return None


def assess(record: TravellerRecord, thresholds: Thresholds) -> Assessment:
    """Flags and a suggested disposition, with the reasons in words, at the record's check time."""
    fever = record.temperature is not None and is_fever(
        record.temperature, threshold=thresholds.fever
    )
    if record.nat_result is NatResult.POSITIVE:
        nat_expired, nat_text = True, "核酸阳性"
    elif record.nat_result is NatResult.NONE:
        nat_expired, nat_text = True, "无核酸证明"
    elif record.nat_result is NatResult.UNCHECKED:
        nat_expired, nat_text = True, "核酸未查验"
    elif record.nat_sampled_at is None:
        nat_expired, nat_text = False, f"阴性 · {thresholds.nat_valid_hours} 小时内（已查验）"
    else:
        status = nat_status(
            record.nat_sampled_at, now=record.checked_at, valid_hours=thresholds.nat_valid_hours
        )
        nat_expired, nat_text = not status.valid, status.text

    reasons: list[str] = []
    suggested = Disposition.RELEASE
    if fever:
        reasons.append(f"体温 {record.temperature:.1f} °C（≥ {thresholds.fever:.1f}）")
        suggested = Disposition.FEVER_CLINIC
    elif record.nat_result is NatResult.POSITIVE:
        reasons.append("核酸阳性")
        suggested = Disposition.CENTRAL_QUARANTINE
    elif record.health_colour is CodeColour.RED:
        reasons.append("红码")
        suggested = Disposition.CENTRAL_QUARANTINE
    else:
        if record.health_colour is CodeColour.YELLOW:
            reasons.append("黄码")
            suggested = Disposition.HOME_MONITORING
        if record.travel_colour in (CodeColour.YELLOW, CodeColour.RED):
            reasons.append(f"行程卡{record.travel_colour.label}")
            suggested = Disposition.HOME_MONITORING
        if record.health_colour in (CodeColour.UNKNOWN, CodeColour.GREY):
            reasons.append(f"健康码{record.health_colour.label}")
            if suggested is Disposition.RELEASE:
                suggested = Disposition.RELEASE_TEST
        if record.travel_colour is CodeColour.UNKNOWN:
            reasons.append(f"行程卡{record.travel_colour.label}")
            if suggested is Disposition.RELEASE:
                suggested = Disposition.RELEASE_TEST
        if nat_expired:
            reasons.append(nat_text)
            if suggested is Disposition.RELEASE:
                suggested = Disposition.RELEASE_TEST
    return Assessment(fever, nat_expired, nat_text, suggested, tuple(reasons))
