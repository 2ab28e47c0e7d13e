"""Acknowledgement deadlines: how long a case may wait before someone must answer for it."""

from datetime import datetime, timedelta

from data.models import Case, as_utc


class Deadlines:
    """Minutes to acknowledge, per priority (1 urgent … 4 low); distress never waits longer
    than `distress_minutes`, whatever its priority. Someone who asked for a person gets one
    within `human_request_minutes`, whatever their case."""

    def __init__(
        self, per_priority: dict[int, int], distress_minutes: int, human_request_minutes: int = 10
    ) -> None:
        self.per_priority = per_priority
        self.distress_minutes = distress_minutes
        self.human_request_minutes = human_request_minutes

    @classmethod
    def parse(
        cls, spec: str, distress_minutes: int, human_request_minutes: int = 10
    ) -> "Deadlines":
        """From "15,60,240,1440": the minutes of priorities 1, 2, 3 and 4."""
        minutes = [int(part) for part in spec.split(",")]
        if len(minutes) != 4 or any(m <= 0 for m in minutes):
            raise ValueError("ACK_DEADLINES_MINUTES needs four positive numbers: priorities 1-4")
        return cls(dict(enumerate(minutes, start=1)), distress_minutes, human_request_minutes)

    def allowed(self, case: Case) -> timedelta:
        minutes = self.per_priority.get(case.priority, max(self.per_priority.values()))
        if case.kind == "distress":
            minutes = min(minutes, self.distress_minutes)
        return timedelta(minutes=minutes)

    def due(self, case: Case) -> datetime:
        """When the case must be acknowledged by."""
        return as_utc(case.created_at) + self.allowed(case)

    def human_due(self, asked_at: datetime) -> datetime:
        """When someone who asked for a person at `asked_at` must have one."""
        return as_utc(asked_at) + timedelta(minutes=self.human_request_minutes)

    def overdue(self, case: Case, now: datetime) -> bool:
        return case.acknowledged_at is None and case.status == "new" and now > self.due(case)
