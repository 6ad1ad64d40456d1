"""Correcting a drop-in after it ended: notes and details through the debriefing; a
session back from the trash."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from observer_tui.core.clock import ManualClock
from observer_tui.core.debrief import Stage
from observer_tui.core.debriefing import Debriefing
from observer_tui.core.drafts import read_draft
from observer_tui.core.exports import teacher_export
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.workspace import Workspace
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


def test_a_session_moved_back_from_the_trash_by_hand_is_listed_again(
    data: DataFolder, teach: Rubric
) -> None:
    """`mv` keeps the file's size and time: the index must still read it again."""
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    session = drop_in(data.sessions, teach, at=at, teacher="Ann", notes=("asked why",))
    workspace = Workspace(data, coach="Sam", clock=ManualClock(at))
    try:
        workspace.refresh()
        moved = workspace.trash(session.id)
        assert workspace.index.count() == 0
        os.rename(moved, data.sessions / moved.name)
        workspace.refresh()
        assert [s.id for s in workspace.index.page(0, 10)] == [session.id]
    finally:
        workspace.close()
