"""kg.draft's rules, one test each: the drafting assistant proposes from the text and the vocabularies only."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kg.draft import Lexicon, draft_text, load_lexicon
from kg.draft.lexicon import build_lexicon
from kg.draft.model import DraftFigure
from kg.draft.sentences import split_sentences
from kg.loader.vocab import vocabulary
from kg.model.errors import Location
from kg.model.records import Concept

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon(ROOT / "tests" / "corpus")


def figures(text: str, lex: Lexicon) -> list[DraftFigure]:
    return draft_text(text, lex).figures


def one(text: str, lex: Lexicon) -> DraftFigure:
    found = figures(text, lex)
    assert len(found) == 1, [f.words for f in found]
    return found[0]


def val(p: object) -> object:
    return getattr(p, "value", None)


# --- sentences -------------------------------------------------------------------------------------------

def test_sentences_split_at_full_stops_and_lines_not_inside_numbers_or_abbreviations() -> None:
    text = ("Headline without stop\nMr. Smith said 3.3 million fled. The U.S. said so. Then 5 died!\n\n"
            "الشبكة قالت، بينهم ١٧٧١ طفلاً. ثم")
    found = [s.text for s in split_sentences(text)]
    assert found == ["Headline without stop", "Mr. Smith said 3.3 million fled.", "The U.S. said so.",
                     "Then 5 died!", "الشبكة قالت، بينهم ١٧٧١ طفلاً.", "ثم"]
    assert all(text[s.start:s.end] == s.text for s in split_sentences(text))


# --- numbers, ranges, vague quantities, what is not a count ---------------------------------------------

def test_digits_words_and_arabic_indic_digits_are_read(lex: Lexicon) -> None:
    assert one("Fifty-two civilians were killed.", lex).value == 52
    assert one("قتل ٦٬٦٨٦ مدنياً.", lex).value == 6686
    assert one("قتل اثنين وخمسين مدنياً.", lex).value == 52
    assert one("Some 3.3 million people were displaced.", lex).value == Decimal("3300000")


def test_a_range_is_one_figure_with_both_bounds(lex: Lexicon) -> None:
    for text in ("Civilians reported killed: 44 – 52", "Estimates ranged between 20 and 60 dead.",
                 "85 to 90 percent of the strikes hit opposition areas."):
        fig = one(text, lex)
        assert (fig.value, fig.qualifier.value) == (None, "between"), text
        assert fig.low is not None and fig.high is not None and fig.low < fig.high


def test_a_vague_quantity_of_the_vocabulary_is_a_figure_without_a_number(lex: Lexicon) -> None:
    fig = one("Warplanes committed dozens of massacres.", lex)
    assert (fig.words, fig.value, fig.qualifier.value, val(fig.counts)) == ("dozens of massacres", None, "dozens",
                                                                            "massacres")
    assert one("ارتكبت القوات عشرات المجازر.", lex).qualifier.value == "tens"


def test_times_offsets_spans_and_years_are_not_counts(lex: Lexicon) -> None:
    text = ("7 June 2018, 21:30 GMT+3, preliminary\n2 min read\nSince 2015, in two years of war, "
            "at least 18 civilians were killed.")
    assert [f.words for f in figures(text, lex)] == ["at least 18 civilians"]


def test_a_year_followed_by_what_is_counted_stays_a_figure(lex: Lexicon) -> None:
    assert one("The Network counted 1771 children killed.", lex).value == 1771


def test_one_counts_only_something_named(lex: Lexicon) -> None:
    assert figures("They support the dictatorship of one family.", lex) == []
    assert one("One health worker was killed.", lex).value == 1


def test_an_arabic_dual_states_two(lex: Lexicon) -> None:
    fig = one("أدت غارتان متتاليتان إلى دمار.", lex)
    assert fig.value == Decimal(2) and val(fig.counts) == "attacks"


# --- qualifiers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "qualifier"), [
    ("at least 52 civilians were killed", "at-least"), ("nearly 6,200 civilians were killed", "almost"),
    ("more than 80 others were injured", "more-than"), ("no fewer than 186 massacres", "no-fewer-than"),
    ("up to 11 women were killed", "up-to"), ("as many as 100 were injured", "up-to"),
    ("6,686 civilians were killed", "exact"), ("قتل ٤٤ مدنياً على الأقل", "at-least"),
    ("قتل أكثر من ستين شخصاً", "more-than"),
])
def test_the_qualifier_is_the_vocabularys_wording_next_to_the_number(lex: Lexicon, text: str, qualifier: str) -> None:
    fig = one(text, lex)
    assert fig.qualifier.value == qualifier
    assert fig.qualifier.reason


def test_an_ambiguous_wording_is_proposed_with_the_others_named(lex: Lexicon) -> None:
    fig = one("إسعاف نحو ٧٥ مصاباً", lex)
    assert fig.qualifier.value == "approximately" and "around" in fig.qualifier.reason


def test_the_words_include_the_qualifier_and_the_noun_phrase(lex: Lexicon) -> None:
    text = "The report documents at least 1,083 attacks on civilian infrastructure, including 201 on schools."
    assert [f.words for f in figures(text, lex)] == ["at least 1,083 attacks on civilian infrastructure",
                                                     "201 on schools"]


# --- scope ------------------------------------------------------------------------------------------------

def test_counts_group_target_weapon_come_from_the_vocabulary_labels(lex: Lexicon) -> None:
    a, b = figures("Russian forces used cluster munitions in at least 236 attacks, in addition to 125 attacks "
                   "with incendiary weapons.", lex)
    assert (val(a.counts), val(a.weapon), val(b.weapon)) == ("attacks", "cluster-munitions", "incendiary-weapons")
    fig = one("The network documented the deaths of 6,686 civilians.", lex)
    assert (val(fig.counts), val(fig.group)) == ("killed", "civilians")


def test_a_group_in_the_words_means_a_count_of_people(lex: Lexicon) -> None:
    fig = one("ارتفعت حصيلة ضحايا الغارات الجوية إلى ٤٤ مدنياً", lex)
    assert (val(fig.counts), val(fig.group)) == ("killed", "civilians")


def test_a_group_before_the_number_counts_unless_it_is_an_actors_name(lex: Lexicon) -> None:
    assert val(one("The number of civilians killed has reached 44.", lex).group) == "civilians"
    fig = one("The White Helmets rescue organisation gave a toll of 35 dead.", lex)
    assert val(fig.group) == "people" and "no group" in fig.group.reason  # type: ignore[union-attr]


def test_unit_other_than_the_default_is_proposed(lex: Lexicon) -> None:
    fig = one("About 85 percent of all Russian attacks hit opposition areas.", lex)
    assert (val(fig.unit), val(fig.counts)) == ("percent", "attacks")


def test_a_new_group_label_in_the_vocabulary_is_recognised_without_code(lex: Lexicon) -> None:
    text = "Among the dead were 12 paramedics."
    assert val(one(text, lex).group) == "people"
    concept = Concept(id="paramedics", scheme="groups", label="paramedics", labels=(), definition="Paramedics.",
                      broader=None, bound=None, low=None, high=None, unit=None, curator="kg-curators",
                      loc=Location(Path("vocabulary.yaml"), 1))
    richer = build_lexicon(vocabulary().with_concepts([*lex.catalogue.concepts.values(), concept]), lex.catalogue)
    assert val(one(text, richer).group) == "paramedics"


def test_inclusion_makes_subsets_and_a_list_continues_until_a_new_cue(lex: Lexicon) -> None:
    whole, children, women, injured = figures(
        "The strike killed at least 52 civilians, including 10 children and 10 women and injuring more than "
        "80 others.", lex)
    assert val(children.subset_of) == val(women.subset_of) == whole.id
    assert injured.subset_of is None and val(injured.counts) == "injured"
    assert val(children.counts) == "killed" and "part of" in children.counts.reason  # type: ignore[union-attr]


def test_a_sentence_naming_nothing_counted_takes_the_figure_before_as_an_inference(lex: Lexicon) -> None:
    _, b = figures("Russian forces killed 3,264 civilians. It stood at 6,239 a year ago.", lex)
    assert val(b.counts) == "killed" and b.counts is not None and b.counts.inferred


# --- perpetrators and stance ----------------------------------------------------------------------------

def test_perpetrators_are_the_armed_forces_and_states_the_sentence_names(lex: Lexicon) -> None:
    fig = one("Russian forces along with regime forces displaced approximately 3.3 million people.", lex)
    assert [(p.actor, p.stance) for p in fig.perpetrators] == [("russian-forces", "asserted"),
                                                                 ("syrian-regime-forces", "asserted")]
    assert [p.actor for p in one("Russia has killed almost 7,000 civilians in Syria.", lex).perpetrators] == \
        ["russia"]


def test_a_state_gives_way_to_its_armed_force_and_an_adjective_names_a_force(lex: Lexicon) -> None:
    fig = one("Russian airstrikes in Russia's campaign killed 52 civilians.", lex)
    assert [p.actor for p in fig.perpetrators] == ["russian-forces"]


def test_no_perpetrator_is_proposed_when_the_sentence_names_none(lex: Lexicon) -> None:
    assert one("Around 86 medical personnel were killed across Syria.", lex).perpetrators == []


def test_a_hedge_is_kept_in_its_words(lex: Lexicon) -> None:
    fig = one("At least 18 civilians were killed when warplanes believed to be Russian struck.", lex)
    (p,) = fig.perpetrators
    assert (p.actor, p.stance, p.hedge) == ("russian-forces", "hedged", "believed to be Russian")


def test_a_denial_is_never_an_attribution(lex: Lexicon) -> None:
    fig = one("Russia denied that its aircraft bombed the village where at least 44 civilians were killed.", lex)
    (p,) = fig.perpetrators
    assert (p.actor, p.stance, p.by) == ("russian-forces", "denied", "russia")
    (p,) = one("روسيا تنفي قصف زردنا بعد مقتل العشرات", lex).perpetrators
    assert (p.stance, p.by) == ("denied", "russia")


# --- who states it ----------------------------------------------------------------------------------------

def test_the_source_next_to_a_speech_cue_states_it(lex: Lexicon) -> None:
    fig = one("In a report, the Network said that Russian forces killed 6,187 civilians.", lex)
    assert val(fig.stated_by) == "snhr" and not fig.stated_by.inferred  # type: ignore[union-attr]


def test_a_source_that_puts_the_toll_at_a_number_states_it(lex: Lexicon) -> None:
    """Regression: "put the toll at" is how agencies report a monitor's count; it was not a cue."""
    fig = one("Another strike hit the market. The Syrian Observatory for Human Rights put the toll at 25.", lex)
    assert val(fig.stated_by) == "sohr" and "'put'" in fig.stated_by.reason  # type: ignore[union-attr]


def test_citing_gives_the_relay_chain(lex: Lexicon) -> None:
    fig = one("Orient TV, citing the White Helmets, reported that one of the group's volunteers was killed.", lex)
    assert val(fig.stated_by) == "syria-civil-defence" and val(fig.via) == ["orient-tv"]


def test_a_sentence_naming_no_source_continues_the_account_before(lex: Lexicon) -> None:
    _, b = figures("The Network said 52 civilians were killed. It also said 80 others were injured.", lex)
    assert val(b.stated_by) == "snhr" and b.stated_by is not None and b.stated_by.inferred


def test_the_byline_states_figures_when_no_sentence_names_a_source(lex: Lexicon) -> None:
    fig = one("Toll rises\n\nSyrian Observatory for Human Rights\n\nAt least 35 civilians were killed.", lex)
    assert val(fig.stated_by) == "sohr" and "byline" in fig.stated_by.reason  # type: ignore[union-attr]


# --- places, incidents, dates, measures ------------------------------------------------------------------

def test_the_most_specific_place_named_is_the_area_and_its_incident_an_inference(lex: Lexicon) -> None:
    fig = one("Airstrikes on the village of Zardana northeast of Idlib killed at least 52 civilians.", lex)
    assert val(fig.area) == "zardana"
    assert val(fig.incident) == "zardana-massacre" and fig.incident is not None and fig.incident.inferred


def test_the_dateline_and_a_weekday_give_dates_as_inferences(lex: Lexicon) -> None:
    draft = draft_text("Syria Direct\n20 July 2018\n\nOn Wednesday, the Network counted 52 civilians killed.", lex)
    assert draft.published is not None and draft.published.value == "2018-07-20"
    (fig,) = draft.figures
    assert val(fig.as_of) == "2018-07-18" and fig.as_of is not None and fig.as_of.inferred


def test_a_measure_is_suggested_when_curated_figures_count_the_same(lex: Lexicon) -> None:
    fig = one("Russian forces killed 1,928 children.", lex)
    assert val(fig.measure) == "children-killed-by-russian-forces-since-2015"
    assert fig.measure is not None and fig.measure.inferred
    assert one("Russian forces killed 12 paramedics.", replace(lex, measure_scopes={})).measure is None


def test_drafting_is_deterministic(lex: Lexicon) -> None:
    text = (ROOT / "data" / "sources" / "snhr-russia-fourth-anniversary.txt").read_text(encoding="utf-8")
    assert draft_text(text, lex).to_json() == draft_text(text, lex).to_json()


def test_the_record_names_which_occurrence_of_repeated_words_a_figure_is(lex: Lexicon) -> None:
    from kg.draft.record import to_record

    draft = draft_text("The Network said 10 civilians died on Monday and 10 civilians died on Tuesday.", lex)
    record = to_record(draft, "x", "sources/x.txt", "kg-curators")
    assert [(f["words"], f.get("occurrence")) for f in record["figures"]] == [("10 civilians", 1),
                                                                                ("10 civilians", 2)]
