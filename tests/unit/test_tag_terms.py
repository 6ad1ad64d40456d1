"""'#CODE' terms in the session list's filter and in search: parsed for any text, and
matching a session exactly when one of its notes is tagged that code (case aside)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer_tui.core.index import SessionIndex, Terms, parse_terms, words
from observer_tui.core.rubric import CODE_PATTERN, Rubric
from observer_tui.core.session import Note, Session, new_session

CODES = st.from_regex(CODE_PATTERN, fullmatch=True)
PLAIN = st.from_regex(r"[^\W_][^\s#\x00]{0,10}", fullmatch=True)  # a word, not a '#' term


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("#CFU", Terms((), ("cfu",))),
        ("asked #cfu why #CFU", Terms(("asked", "why"), ("cfu",))),
        ("# --- #", Terms((), ())),
        ("#3.1 #CFU-2", Terms((), ("3.1", "cfu-2"))),
        ("##x", Terms((), ("#x",))),  # no code has a '#': matches nothing
        ("café", Terms(("café",), ())),
    ],
)
def test_tag_terms_as_typed(typed: str, expected: Terms) -> None:
    assert parse_terms(typed) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_to_words_and_codes(typed: str) -> None:
    terms = parse_terms(typed)
    assert all(tag and tag == tag.casefold() and not tag.isspace() for tag in terms.tags)
    assert len(set(terms.tags)) == len(terms.tags)
    assert list(terms.words) == words(" ".join(w for w in typed.split() if w[:1] != "#"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CODES.map(lambda c: "#" + c), PLAIN), max_size=6))
def test_terms_typed_come_back_as_asked(typed: list[str]) -> None:
    terms = parse_terms(" ".join(typed))
    wanted = [t[1:].casefold() for t in typed if t.startswith("#")]
    assert terms.tags == tuple(dict.fromkeys(wanted))
    assert terms.words == tuple(t for t in typed if not t.startswith("#"))


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Session:
    from observer_tui.core.rubrics import load_library

    rubric: Rubric | None = load_library(tmp_path_factory.mktemp("rubrics")).get("teach")
    assert rubric is not None
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    return new_session(
        teacher="Ann",
        class_name="Y8",
        coach="Sam",
        rubric=rubric,
        focus=(),
        planned_minutes=15,
        at=at,
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionIndex]:
    found = SessionIndex(tmp_path_factory.mktemp("sessions"), None)
    yield found
    found.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tagged=st.lists(CODES, max_size=3), asked=CODES, text=st.text(max_size=20))
def test_a_code_finds_a_session_exactly_when_a_note_has_it(
    blank: Session, index: SessionIndex, tagged: list[str], asked: str, text: str
) -> None:
    note = Note(id="n1", at=blank.started_at, offset=30, text="wait time", tags=tuple(tagged))
    index.put(blank.model_copy(update={"notes": (note,)}))
    has = asked.casefold() in {code.casefold() for code in tagged}
    assert index.count(f"#{asked}") == int(has)
    assert [hit.line.text for hit in index.search(f"wait #{asked}")] == (["wait time"] * has)
    # Whatever else is typed beside it, the query is never an FTS5 syntax error.
    index.count(f"{text} #{asked}")
    list(index.search(f"#{asked} {text}"))
