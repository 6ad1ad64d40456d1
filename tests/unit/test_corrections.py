"""Correcting a drop-in after it ended: notes and details, through the debriefing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import teacher_export
from observer_tui.core.rubric import Rubric
from tests.conftest import drop_in


def test_a_corrected_note_keeps_its_time_and_citation_and_the_debrief_its_status(
    tmp_path: Path, teach: Rubric
) -> None:
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    session = drop_in(tmp_path, teach, at=at, teacher="Ann", notes=("asked why", "tired"))
    clock = ManualClock(datetime(2026, 11, 20, 11, tzinfo=UTC))
    debriefing = Debriefing(session, clock)
    first, second = session.notes
    debriefing.cite(Stage.DESCRIBE, first)
    debriefing.complete()
    note = debriefing.edit_note(first.id, read_draft("+ asked why #FB", teach), teach)
    assert (note.text, note.tags, note.offset) == ("asked why", ("FB",), first.offset)
    assert note.edited_at == clock.now()
    assert "FB" in debriefing.session.elements  # the tag's element, copied for later
    private = debriefing.toggle_private(second.id)
    assert private.private and debriefing.note(second.id).private
    assert debriefing.set_details(" Ann Lee ", "Y9") and not debriefing.set_details("Ann Lee", "Y9")
    after = debriefing.session
    assert (after.teacher, after.class_name) == ("Ann Lee", "Y9")
    assert after.debrief.status == "complete"
    assert after.debrief.answer(Stage.DESCRIBE).citations[0].note_id == first.id
    assert debriefing.revision == 5
    copy = teacher_export(after, "md")
    assert "asked why" in copy and "tired" not in copy
    assert session.notes == (first, second)  # the value handed out before never changes
