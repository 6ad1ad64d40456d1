"""The teacher's copy as a teacher reads it (Markdown and HTML), and the CSV as a
researcher combines it: order, escaping, names, scale labels, one file for many drop-ins."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from observer_tui.cli import main
from observer_tui.core.debrief import Stage
from observer_tui.core.exports import CSV_HEADER, coach_export, teacher_export
from observer_tui.core.locations import DataFolder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import read_session
from observer_tui.core.visible import visible
from observer_tui.core.visit import MMSS, md_text
from tests.conftest import drop_in

V1 = Path(__file__).parent.parent / "data" / "session-v1.json"
VOID = {"meta", "br", "hr", "img", "input", "link"}


class Text(HTMLParser):
    """The text of an HTML fragment, and its tags, checked to nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    parser.close()
    return parser


def rendered(markdown: str) -> Text:
    return parsed(MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown))


@pytest.fixture
def v1() -> Session:
    return read_session(V1)


def test_the_step_goal_and_follow_up_come_first_then_what_was_seen(
    v1: Session, teach: Rubric
) -> None:
    text = teacher_export(v1, "md", teach)
    order = [
        "# Lesson visit: Zoë Müller-Ólafsdóttir",
        "- **Coach:** Sam Rivers",
        "- **Time observed:** 15:50 (15 min 50 s) of 20 min planned",
        "- **Rubric:** Teach (World Bank) classroom observation, version 1.0",
        MMSS,
        "## Your next step",
        "**Cold call three named pupils after each new idea** (CFU Checks for understanding)",
        "- **When** I finish explaining a new idea",
        "**Next drop-in:** Tuesday 24 March 2026",
        "## Praise",
        "## Last time's step",
        "**Name three pupils before asking them to explain** (CFU Checks for understanding)",
        "> Named pupils twice; forgot once after the starter.",
        "## What was seen",
        "### CFU Checks for understanding",
        "### FB Feedback",
        "### Not tagged with an element",
        "## Snapshots",
        "## Ratings",
        "## What we talked about",
        "### Describe",
    ]
    places = [text.index(line) for line in order]
    assert places == sorted(places)


def test_ratings_have_element_names_and_scale_labels(v1: Session, teach: Rubric) -> None:
    text = teacher_export(v1, "md", teach)
    assert "- **CFU Checks for understanding:** 4 of 5 – Medium-high" in text
    assert "- **FB Feedback, look-for 2 (Gives specific comments" in text
    assert "well):** Medium (M)" in text
    # Without the rubric installed: the session's own names, the value and its scale.
    bare = teacher_export(v1, "md")
    assert "- **CFU Checks for understanding:** 4 (on the element scale)" in bare
    assert "- **FB Feedback, look-for 2:** M (on the behaviour scale)" in bare


def test_snapshots_show_each_answer_by_its_label(v1: Session, teach: Rubric) -> None:
    text = teacher_export(v1, "md", teach)
    assert "| Time | Teacher provides a learning activity to most students |" in text
    assert "| 02:00 | Yes | 2–5 (medium) |" in text
    assert "| 13:20 | No | 6\\+ (low) |" not in text  # '+' mid-line needs no escape
    assert "| 13:20 | No | 6+ (low) |" in text


def test_a_step_not_talked_about_says_so(v1: Session, teach: Rubric) -> None:
    session = v1.model_copy(update={"debrief": v1.debrief.model_copy(update={"step_review": ""})})
    text = teacher_export(session, "md", teach)
    assert "## Last time's step" in text and "*Not talked about at this debrief.*" in text
    no_previous = session.model_copy(update={"previous": None})
    assert "## Last time's step" not in teacher_export(no_previous, "md", teach)


FORMATTING = ["*stars*", "_under_", "`code`", "<b>bold</b>", "[link](http://x.invalid)", "&amp;"]


def test_note_text_reads_as_typed_never_as_formatting(v1: Session, teach: Rubric) -> None:
    note = v1.notes[0].model_copy(update={"text": " ".join(FORMATTING)})
    answer = v1.debrief.answers[Stage.DESCRIBE].model_copy(
        update={"text": "# not a heading\n- not a list\n1. not a list\n    not code\n==="}
    )
    debrief = v1.debrief.model_copy(
        update={"answers": {**v1.debrief.answers, Stage.DESCRIBE: answer}}
    )
    session = v1.model_copy(update={"notes": (note, *v1.notes[1:]), "debrief": debrief})
    for page in (
        rendered(teacher_export(session, "md", teach)),
        parsed(teacher_export(session, "html", teach)),
    ):
        text = "".join(page.text)
        assert " ".join(FORMATTING) in text
        assert {"b", "code", "a"}.isdisjoint(page.tags)
        assert "# not a heading\n- not a list\n1. not a list\nnot code\n===" in text
        assert page.tags.count("h1") == 1 and page.tags.count("em") < 20


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("1. a list? ")
@example("- **not bold** `nor code` <i>nor html</i> &amp; \\")
@example("> nor a quote\n=====\n    nor code\n#")
def test_any_text_renders_as_itself(text: str) -> None:
    # One-line text stands after a prefix (a time, a label), as in the copy. Whitespace
    # at the ends of a line may go (Markdown trims it); nothing else changes.
    expected = ("00:01 " + visible(text, one_line=True).lstrip(" ")).strip()
    assert "".join(rendered("- **00:01** " + md_text(text)).text).strip() == expected
    lines = [ln.lstrip(" ") for ln in visible(text).split("\n")]
    quote = "\n".join(f"> {ln}" for ln in md_text(text, one_line=False).split("\n"))
    shown = "".join(rendered(quote).text)
    # Paragraphs drop the blank lines and the spaces at the ends; every word stays, in order.
    assert shown.split() == " ".join(lines).split()


def test_the_html_copy_is_whole_self_contained_and_has_the_timeline(
    v1: Session, teach: Rubric
) -> None:
    html = teacher_export(v1, "html", teach)
    page = parsed(html)
    assert page.open == [] and page.tags[:3] == ["html", "head", "meta"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media print" in html and "size: A4" in html
    # Nothing to fetch: no link, script, image, frame or url(); the one address is the
    # SVG namespace's name.
    assert {"script", "link", "img", "iframe", "object"}.isdisjoint(page.tags)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"]
    assert "url(" not in html and "src=" not in html and "href=" not in html
    assert page.tags.count("svg") == 1
    shared = [n for n in v1.notes if not n.private]
    assert page.tags.count("circle") == len(shared)
    assert page.tags.count("path") == len(v1.snapshots)  # a diamond per snapshot
    assert html.count('stroke-dasharray="3 3"') == len(v1.pauses)
    assert "HIDDEN" not in html and "exhausted" not in html
    assert "HIDDEN" in coach_export(v1, "html", teach)


def test_the_timelines_coordinates_are_to_a_tenth(v1: Session, teach: Rubric) -> None:
    html = teacher_export(v1, "html", teach)
    [svg] = re.findall(r"<svg.*?</svg>", html, re.S)
    drawn = re.findall(r'\b(?:x|y|x1|y1|x2|y2|cx|cy|width|height|d)="([^"]*)"', svg)
    numbers = [n for value in drawn for n in re.findall(r"-?\d+(?:\.\d+)?", value)]
    assert numbers and [n for n in numbers if not re.fullmatch(r"-?\d+(\.\d)?", n)] == []
    assert 'width="21.7"' in svg  # a due mark's width: 21.700000000000017 before


def test_the_csv_says_which_drop_in_each_row_is_from(v1: Session) -> None:
    rows = list(csv.reader(io.StringIO(teacher_export(v1, "csv"))))
    assert rows[0] == [
        "session_id",
        "teacher",
        "class",
        "coach",
        "date",
        "offset",
        "time",
        "kind",
        "tags",
        "text",
    ]
    assert rows[1][:8] == [
        v1.id,
        "Zoë Müller-Ólafsdóttir",
        "Y8 maths · set 2, fractions",
        "Sam Rivers",
        "2026-03-10",
        "00m35s",
        "10:05:35",
        "plain",
    ]
    assert coach_export(v1, "csv").startswith(",".join([*CSV_HEADER, "private"]))


def test_the_snapshots_csv_has_a_row_per_snapshot(v1: Session) -> None:
    rows = list(csv.reader(io.StringIO(teacher_export(v1, "snapshots-csv"))))
    assert rows[0][5:] == ["offset", "time", "mark", "learning_activity", "off_task"]
    assert [row[5:] for row in rows[1:]] == [
        ["02m00s", "10:07:00", "1", "Yes", "2–5 (medium)"],
        ["12m50s", "10:19:25", "2", "Yes", "0–1 (high on task)"],
        ["13m20s", "10:19:55", "", "No", "6+ (low)"],
    ]


def test_export_all_writes_every_matching_session_to_one_csv(
    tmp_path: Path, data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 9, day, 9, tzinfo=UTC)

    ann = drop_in(data.sessions, teach, at=at(1), teacher="Ann", notes=("a1", "- a2"))
    ben = drop_in(data.sessions, teach, at=at(8), teacher="Ben", coach="Kim", notes=("b1",))
    ann2 = drop_in(data.sessions, teach, at=at(15), teacher="ann ", notes=("a3",))
    base = ["--data-dir", str(data.root), "export", "--all", "--format", "csv"]

    def rows(*more: str) -> list[list[str]]:
        out = tmp_path / f"all-{len(list(tmp_path.glob('all-*')))}.csv"
        assert main([*base, *more, "-o", str(out)]) == 0
        assert out.read_bytes().startswith(b"\xef\xbb\xbfsession_id,")
        assert out.stat().st_mode & 0o777 == 0o600
        with out.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))

    every = rows()
    assert every[0] == CSV_HEADER
    assert [(r[0], r[9]) for r in every[1:]] == [
        (ann.id, "a1"),
        (ann.id, "a2"),
        (ben.id, "b1"),
        (ann2.id, "a3"),
    ]
    assert [r[0] for r in rows("--teacher", "ANN")[1:]] == [ann.id, ann.id, ann2.id]
    assert [r[9] for r in rows("--coach", "kim")[1:]] == ["b1"]
    assert [r[9] for r in rows("--since", "2026-09-08")[1:]] == ["b1", "a3"]
    assert rows("--teacher", "Nobody") == [CSV_HEADER]

    assert main([*base[:-1], "snapshots-csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("session_id,teacher,")
    for args, message in [
        (["--format", "md"], "--all writes one CSV: use --format csv or snapshots-csv"),
        ([ann.id, "--format", "csv"], "give a session or --all, not both"),
    ]:
        assert main(["--data-dir", str(data.root), "export", "--all", *args]) == 2
        assert capsys.readouterr().err == f"observer-tui: {message}\n"
    assert main(["--data-dir", str(data.root), "export", ann.id, "--teacher", "Ann"]) == 2
    assert "choose sessions for --all" in capsys.readouterr().err


def test_export_all_skips_a_broken_file_and_says_so(
    data: DataFolder, teach: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    good = drop_in(data.sessions, teach, at=datetime(2026, 9, 1, tzinfo=UTC), teacher="Ann")
    assert main(["--data-dir", str(data.root), "sessions", "list"]) == 0
    (data.sessions / f"{good.id}.json").write_text("{not json")
    capsys.readouterr()
    assert main(["--data-dir", str(data.root), "export", "--all", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [",".join(CSV_HEADER)]
    assert "skipped" in captured.err
