"""A teacher's term of drop-ins, saved as the app would save them, for the teacher view."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from observer_tui.core.clock import ManualClock
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.observation import Observation
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import PreviousStep, Session, new_session
from observer_tui.core.storage import SessionStore

VISITS: tuple[tuple[int, tuple[str, ...], str, str, date | None], ...] = (
    # (day in November 2026, notes, step agreed, how last time's step went, follow-up)
    (
        2,
        ("+ names pupils warmly #FB", "- long wait after the question #CFU", "#CFU cold call"),
        "Ask three named pupils after each question",
        "",
        date(2026, 11, 9),
    ),
    (
        9,
        ("+ asked three named pupils #CFU", "+ precise praise #FB", "+ #CFU mini whiteboards"),
        "Check the back rows with mini whiteboards",
        "Did it in every part of the lesson.",
        date(2026, 11, 13),
    ),
    (
        23,
        ("- two rows off task at the change #T", "#CFU whiteboards up", "? why so quiet"),
        "Rehearse the transition with a countdown",
        "",
        date(2026, 12, 14),
    ),
)
"""The second drop-in followed up the first's step; the third came after the second's
follow-up date and did not talk about it; the third's step waits for its follow-up."""


def teacher_term(
    folder: Path, teach: Rubric, teacher: str = "Ann Lee", class_name: str = "Y8 maths"
) -> list[Session]:
    """The drop-ins of `VISITS` with `teacher`, saved in `folder`, oldest first."""
    saved: list[Session] = []
    for day, notes, step, review, follow_up in VISITS:
        clock = ManualClock(datetime(2026, 11, day, 9, tzinfo=UTC))
        before = saved[-1] if saved else None
        previous = (
            PreviousStep(
                session_id=before.id,
                at=before.started_at,
                step=before.debrief.step.text,
                element=before.debrief.step.element,
            )
            if before is not None
            else None
        )
        session = new_session(
            teacher=teacher,
            class_name=class_name,
            coach="Sam",
            rubric=teach,
            focus=["CFU"],
            planned_minutes=15,
            at=clock.now(),
            previous=previous,
        )
        observation = Observation(session, teach, clock)
        for text in notes:
            clock.advance(120)
            observation.commit(read_draft(text, teach), clock.now())
        clock.advance(600)
        observation.end()
        debriefing = Debriefing(observation.session, clock)
        debriefing.set_step(text=step)
        debriefing.set_step_element("CFU", teach)
        debriefing.set_follow_up(follow_up)
        if before is not None:
            debriefing.review_step(review)
        clock.advance(3600)
        debriefing.complete()
        SessionStore(folder).save(debriefing.session)
        saved.append(debriefing.session)
    return saved
