"""The report as one self-contained HTML page: the figures of services.report in tables, its
charts (services.report_charts) embedded as images, and at the top what was hidden and why.

It opens offline in any browser and prints (or saves as PDF from the print dialog). Every
text from a survey file or the deployment's settings is escaped; headings are in English,
question and choice labels in the report's language, each isolated so that Arabic reads
right to left inside the English page.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from content.survey_model import DECIMAL, RANK, SCALE, SELECT_MULTIPLE, SELECT_ONE
from services.report import (
    Breakdown,
    Cell,
    ClosedQuestion,
    FreeTextQuestion,
    NumberQuestion,
    NumberSummary,
    Report,
    Section,
)
from services.report_charts import Bar, Series, bar_chart
from services.suppression import Entry

LANGUAGE_NAMES = {"en": "English", "fr": "French", "ar": "Arabic", "es": "Spanish"}
# A breakdown with more groups than this gets a table but no chart (too many bars to read).
CHART_GROUPS = 6
NO_FIGURE = "–"
ALL_LABEL = "all respondents"

_KINDS = {
    SELECT_ONE: "one choice",
    SELECT_MULTIPLE: "several choices allowed",
    SCALE: "a scale",
    RANK: "a ranking",
    "integer": "a whole number",
    DECIMAL: "a number",
    "text": "their own words",
    "audio": "a voice message",
}

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 1.5rem auto;
       padding: 0 1rem; color: #111; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.meta { color: #333; font-size: .9rem; }
.box { border: 2px solid #111; padding: .6rem 1rem; margin: 1rem 0; background: #f4f4f4; }
.box h2 { margin-top: .3rem; }
.internal { border: 3px double #111; padding: .6rem 1rem; margin: 1rem 0; font-weight: bold; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #999; padding: .25rem .5rem; vertical-align: top; }
th { background: #e8e8e8; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
td.hidden { text-align: right; font-style: italic; background: #f0f0f0; }
tr.total td, tr.total th { border-top: 2px solid #111; }
.note { font-size: .85rem; color: #333; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
section.question { page-break-inside: avoid; }
code { font-size: .9em; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _label(text: str, language: str) -> str:
    """A survey's words: isolated, so a right-to-left label keeps its order in the page."""
    return f'<bdi lang="{_e(language)}">{_e(text)}</bdi>'


def _whole(number: float) -> str:
    """Rounded half up, as people do by hand (Python's round() goes to the even number)."""
    return str(Decimal(repr(number)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent(share: float | None) -> str:
    return NO_FIGURE if share is None else f"{_whole(share)}%"


def score_text(score: float | None) -> str:
    return NO_FIGURE if score is None else _whole(score)


def _number(value: float | None) -> str:
    if value is None:
        return NO_FIGURE
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _count(entry: Entry) -> str:
    return entry.display()


def _count_cell(entry: Entry, extra: str = "") -> str:
    if not entry.shown:
        return f'<td class="hidden" title="hidden">{_e(entry.display())}</td>'
    return f'<td class="n">{_e(entry.display())}{extra}</td>'


def _png(data: bytes, description: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" alt="{_e(description)}">'


# --------------------------------------------------------------------------- the page


def render_page(report: Report, *, internal: bool = False, charts: bool = True) -> str:
    """The whole page. `charts` False leaves the images out (quicker, e.g. for a preview)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Report: {_e(report.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        *_heading(report),
    ]
    if internal:
        parts.append(
            '<div class="internal" id="internal">For use inside your organisation only: this '
            f"report hides counts below {report.threshold} (internal threshold), not below "
            "the public one. Do not share it, or parts of it, outside your organisation."
            "</div>"
        )
    parts += _what_is_hidden(report)
    parts += _responses(report)
    parts += _contents(report)
    for number, section in enumerate(report.sections, start=1):
        parts += _section(report, number, section, charts)
    parts += _ai_themes()
    parts += _method(report)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _heading(report: Report) -> list[str]:
    filters = report.filters
    kind = (
        "every response started (finished or not)"
        if filters.get("responses") == "started"
        else "finished responses only"
    )
    dated = "started" if filters.get("responses") == "started" else "finished"
    since, until = filters.get("since"), filters.get("until")
    if since and until:
        days = f"{dated} from {since} to {until}"
    elif since:
        days = f"{dated} on or after {since}"
    elif until:
        days = f"{dated} on or before {until}"
    else:
        days = "all days"
    language = LANGUAGE_NAMES.get(report.language, report.language)
    return [
        f"<h1>Needs-assessment report: {_label(report.title, report.language)}</h1>",
        '<p class="meta">',
        f"Survey <code>{_e(report.survey_id)}</code> · {_e(kind)} · {_e(days)} "
        f"(days in {_e(filters.get('time_zone', 'UTC'))})<br>",
        f"Made {_e(report.made_at.strftime('%Y-%m-%d %H:%M'))} "
        f"({_e(filters.get('time_zone', 'UTC'))}) · questions and choices in {_e(language)} · "
        f"counts below {report.threshold} hidden",
        "</p>",
    ]


def _what_is_hidden(report: Report) -> list[str]:
    t = report.threshold
    hidden = report.hidden()
    marker = f"&lt;{t}"
    items = [
        f"<li>No count below {t} is shown: a small group of people can be recognised, and "
        "in a conflict being known to have answered can put someone in danger. Some other "
        "counts are hidden too, so that a small one cannot be worked out by subtracting "
        "the shown counts from a total.</li>",
        f"<li>In this report <strong>{hidden.small}</strong> "
        f"count{'s are' if hidden.small != 1 else ' is'} hidden because fewer than {t} "
        f"people are in {'them' if hidden.small != 1 else 'it'}, and "
        f"<strong>{hidden.complementary}</strong> more so that "
        f"{'those' if hidden.small != 1 else 'it'} cannot be worked out.</li>",
        f"<li>Every hidden count reads <strong>“{marker}”</strong>, whatever the reason: it "
        f"means <em>hidden</em>. Some hidden counts are {t} or more, hidden only to protect a "
        "small one; they look the same on purpose, since telling them apart would help to "
        "work the small ones out. In the charts a hidden count is an empty dashed box marked "
        f"“{marker}”, the same size whatever it hides.</li>",
        "<li>Percentages and priority scores are never worked out from a hidden count; where "
        f"one would be, it reads “{NO_FIGURE}”.</li>",
        f"<li>Words from answers in people's own words are listed only when at least {t} "
        "different answers use them: a rare word can point to one person. The answers "
        "themselves are not in this report.</li>",
    ]
    if hidden.scores:
        items.append(
            f"<li>{hidden.scores} priority score{'s' if hidden.scores != 1 else ''} of "
            f"groups (such as women aged 18–29 in one region) "
            f"{'are' if hidden.scores != 1 else 'is'} left out: a group's score for an answer "
            f"is shown only when at least {t} people of the group put it in their top places "
            f"and at least {t} did not, so that it never tells what everyone, or no one, in a "
            "small group answered.</li>"
        )
    if any(isinstance(s, ClosedQuestion) and s.small_groups for s in report.sections):
        items.append(
            f"<li>Priorities by group (gender and age, and region) are shown only for groups "
            f"of at least {t} respondents; each ranking question says which groups are left "
            "out.</li>"
        )
    items += [f"<li>{_e(reason)}</li>" for reason in report.left_out]
    items.append(
        "<li>Hiding small counts is not a guarantee. A shown count that equals its group's "
        "total (100%) still tells that everyone in that group gave the same answer; read "
        "such cells before sharing the report, and share it only with those who need it."
        "</li>"
    )
    return [
        '<section class="box" id="what-is-hidden">',
        "<h2>What is hidden in this report, and why</h2>",
        "<ul>",
        *items,
        "</ul>",
        "</section>",
    ]


def _responses(report: Report) -> list[str]:
    if report.invited is None:
        invited = "no invitation to this survey was sent"
    else:
        invited = str(report.invited)
    rate = percent(report.completion_rate)
    analysed = (
        "every response started in these days, finished or not"
        if report.filters.get("responses") == "started"
        else "the responses finished in these days"
    )
    return [
        '<section id="responses">',
        "<h2>Responses</h2>",
        "<table>",
        f'<tr><th scope="row">Invited</th><td class="n">{_e(invited)}</td></tr>',
        f'<tr><th scope="row">Started</th><td class="n">{report.started}</td></tr>',
        f'<tr><th scope="row">Finished</th><td class="n">{report.completed}</td></tr>',
        f'<tr><th scope="row">Completion rate</th><td class="n">{rate}</td></tr>',
        f'<tr class="total"><th scope="row">In the figures below</th>'
        f'<td class="n">{report.analysed}</td></tr>',
        "</table>",
        '<p class="note"><strong>Invited</strong>: people an invitation broadcast for this '
        "survey reached (sent, at any date); not those it could not reach. People can also "
        "start an open survey from the menu without an invitation, so more can start than "
        "were invited. <strong>Started</strong> and <strong>finished</strong>: responses "
        "started in the report's days, and how many of those were finished; the completion "
        f"rate is finished ÷ started. The figures below are about {_e(analysed)}.</p>",
        "</section>",
    ]


def _contents(report: Report) -> list[str]:
    items = [
        f'<li><a href="#q-{_e(s.name)}">{_label(s.label, report.language)}</a></li>'
        for s in report.sections
    ]
    return [
        '<nav id="contents">',
        "<h2>Questions</h2>",
        "<ol>",
        *items,
        '<li><a href="#ai-themes">Themes found by AI (not yet)</a></li>',
        '<li><a href="#method">How the figures are worked out</a></li>',
        "</ol>",
        "</nav>",
    ]


def _section(report: Report, number: int, section: Section, charts: bool) -> list[str]:
    head = [
        f'<section class="question" id="q-{_e(section.name)}">',
        f"<h2>{number}. {_label(section.label, report.language)}</h2>",
    ]
    if isinstance(section, ClosedQuestion):
        body = _closed(report, section, charts)
    elif isinstance(section, NumberQuestion):
        body = _numbers(section)
    else:
        body = _free_text(report, section)
    return [*head, *body, "</section>"]


# --------------------------------------------------------------------------- closed questions


def _kind_note(section: ClosedQuestion, respondents: Entry) -> str:
    kind = _KINDS.get(section.type, section.type)
    if section.type == RANK and section.places:
        kind = f"a ranking: each person put their top {section.places} in order"
    note = f"Answer: {kind}. Respondents: {_count(respondents)}."
    if section.type == SELECT_MULTIPLE:
        note += (
            " One person could choose several, so the percentages are of the people who "
            "answered, and add up to more than 100%."
        )
    if section.type == RANK:
        note += (
            " <em>Priority score</em>: 0 to 100, 100 if everyone put it first (see "
            '<a href="#method">how</a>). Percentages: people who put it in their top '
            f"{section.places}, of the people who answered."
        )
    return f'<p class="note">{note}</p>'


def _closed(report: Report, section: ClosedQuestion, charts: bool) -> list[str]:
    overall = section.overall
    respondents = overall.respondents[0]
    parts = [_kind_note(section, respondents)]
    parts += _overall_table(report, section)
    if charts:
        parts.append(_overall_chart(section))
    for breakdown in section.breakdowns:
        parts.append(f"<h3>{_e(breakdown.title.capitalize())}</h3>")
        parts += _breakdown_table(report, section, breakdown)
        if charts:
            if len(breakdown.columns) <= CHART_GROUPS:
                parts.append(_breakdown_chart(section, breakdown))
            else:
                parts.append(
                    f'<p class="note">No chart: {len(breakdown.columns)} groups are too many '
                    "to read as bars; the table has every figure.</p>"
                )
    if section.type == RANK:
        parts += _priorities(report, section)
    return parts


def _overall_table(report: Report, section: ClosedQuestion) -> list[str]:
    rank = section.type == RANK
    header = "<tr><th>Answer</th>"
    header += "<th>Priority score</th><th>People</th>" if rank else "<th>People</th>"
    header += "<th>% of respondents</th></tr>"
    rows = [header]
    for row in section.overall.rows:
        cell = row.cells[0]
        line = f'<tr><th scope="row">{_label(row.label, report.language)}</th>'
        if rank:
            line += f'<td class="n">{score_text(cell.score)}</td>'
        line += _count_cell(cell.entry)
        line += f'<td class="n">{percent(cell.share)}</td></tr>'
        rows.append(line)
    span = 3 if rank else 2
    rows.append(
        f'<tr class="total"><th scope="row">Respondents</th>'
        f"{_count_cell(section.overall.respondents[0])}"
        f'<td colspan="{span - 1}"></td></tr>'
    )
    return ["<table>", *rows, "</table>"]


def _group_cell(section: ClosedQuestion, cell: Cell) -> str:
    if not cell.entry.shown:
        return _count_cell(cell.entry)
    if section.type == RANK:
        return (
            f'<td class="n"><strong>{score_text(cell.score)}</strong><br>'
            f"{_e(cell.entry.display())} ({percent(cell.share)})</td>"
        )
    return f'<td class="n">{_e(cell.entry.display())} ({percent(cell.share)})</td>'


def _breakdown_table(report: Report, section: ClosedQuestion, breakdown: Breakdown) -> list[str]:
    overall = section.overall
    header = "<tr><th>Answer</th><th>All</th>" + "".join(
        f"<th>{_label(column, report.language)}</th>" for column in breakdown.columns
    )
    rows = [header + "</tr>"]
    for row in breakdown.rows:
        everyone = overall.cell(row.name, overall.columns[0])
        rows.append(
            f'<tr><th scope="row">{_label(row.label, report.language)}</th>'
            + _group_cell(section, everyone)
            + "".join(_group_cell(section, cell) for cell in row.cells)
            + "</tr>"
        )
    rows.append(
        '<tr class="total"><th scope="row">Respondents</th>'
        + _count_cell(overall.respondents[0])
        + "".join(_count_cell(entry) for entry in breakdown.respondents)
        + "</tr>"
    )
    what = (
        "priority score, then people who put it in their top places (% of the group's respondents)"
        if section.type == RANK
        else "people (% of the group's respondents)"
    )
    return ["<table>", *rows, "</table>", f'<p class="note">Each cell: {what}.</p>']


def _bar(cell: Cell, rank: bool, prefix: str = "") -> Bar:
    if not cell.entry.shown:
        return Bar(None, f"{prefix}{cell.entry.display()}")
    if rank:
        if cell.score is None:
            return Bar(None, f"{prefix}score hidden")
        return Bar(cell.score, f"{prefix}{score_text(cell.score)}")
    if cell.share is None:
        return Bar(None, f"{prefix}{cell.entry.display()}, % hidden")
    return Bar(cell.share, f"{prefix}{percent(cell.share)} ({cell.entry.display()})")


def _axis(section: ClosedQuestion) -> str:
    if section.type == RANK:
        return "priority score (0-100)"
    return "% of respondents"


def _overall_chart(section: ClosedQuestion) -> str:
    rank = section.type == RANK
    categories = [row.label for row in section.overall.rows]
    bars = tuple(_bar(row.cells[0], rank) for row in section.overall.rows)
    image = bar_chart(categories, [Series(ALL_LABEL, bars)], axis_label=_axis(section))
    return _png(
        image,
        f"Bar chart: {_axis(section)} for each answer, all respondents "
        "(the same figures as the table above).",
    )


def _breakdown_chart(section: ClosedQuestion, breakdown: Breakdown) -> str:
    rank = section.type == RANK
    categories = [row.label for row in breakdown.rows]
    series = [
        Series(
            column,
            tuple(_bar(row.cells[i], rank, f"{column}: ") for row in breakdown.rows),
        )
        for i, column in enumerate(breakdown.columns)
    ]
    image = bar_chart(categories, series, axis_label=_axis(section) + " in the group")
    return _png(
        image,
        f"Bar chart: {_axis(section)} for each answer, {breakdown.title} "
        "(the same figures as the table above).",
    )


def _priorities(report: Report, section: ClosedQuestion) -> list[str]:
    t = report.threshold
    parts = ["<h3>Top priorities by group</h3>"]
    if section.priorities:
        rows = ["<tr><th>Group</th><th>Priorities, highest score first</th></tr>"]
        for group in section.priorities:
            ranked = "; ".join(
                f"{_label(label, report.language)} {score_text(score)}"
                for label, score in group.scores
            )
            if group.hidden and ranked:
                ranked += f"; <em>{group.hidden} more hidden</em>"
            elif group.hidden:
                ranked = f"<em>all {group.hidden} hidden</em>"
            rows.append(f'<tr><th scope="row">{_e(group.group)}</th><td>{ranked}</td></tr>')
        parts += ["<table>", *rows, "</table>"]
    else:
        parts.append(f'<p class="note">No group has {t} or more respondents.</p>')
    parts.append(
        f'<p class="note">A score is shown only when at least {t} people of the group put '
        f"that answer in their top {section.places} and at least {t} did not.</p>"
    )
    if section.small_groups:
        parts.append(
            f'<p class="note">Left out, with fewer than {t} respondents (or none): '
            f"{_e(_list(section.small_groups))}.</p>"
        )
    return parts


def _list(names: Sequence[str], most: int = 12) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} other groups"


# --------------------------------------------------------------------------- numbers, text


def _numbers(section: NumberQuestion) -> list[str]:
    kind = _KINDS.get(section.type, section.type)
    parts = [
        f'<p class="note">Answer: {kind}. The median is the middle answer: half gave less, '
        "half more. It is shown only where the count of answers is.</p>"
    ]
    for summary in (section.overall, *section.breakdowns):
        parts += _number_table(summary)
    return parts


def _number_table(summary: NumberSummary) -> list[str]:
    rows = ["<tr><th>Group</th><th>Answered</th><th>Median</th></tr>"]
    for column, entry, median in zip(
        summary.columns, summary.answered, summary.medians, strict=True
    ):
        rows.append(
            f'<tr><th scope="row">{_e(column)}</th>{_count_cell(entry)}'
            f'<td class="n">{_number(median)}</td></tr>'
        )
    return [f"<h3>{_e(summary.title.capitalize())}</h3>", "<table>", *rows, "</table>"]


def _free_text(report: Report, section: FreeTextQuestion) -> list[str]:
    t = report.threshold
    if section.type == "audio":
        parts = [
            f'<p class="note">Answer: a voice message. Voice messages given: '
            f"{_e(_count(section.answers))}. This report does not listen to them or "
            "say what is in them.</p>"
        ]
    else:
        parts = [
            f'<p class="note">Answer: their own words. Answers: {_e(_count(section.answers))}. '
            f"Most used words in each language, with how many answers use each; only words "
            f"used in at least {t} different answers.</p>"
        ]
    rows = ["<tr><th>Language</th><th>Answers</th>"]
    if section.type != "audio":
        rows[0] += "<th>Most used words (answers using it)</th>"
    rows[0] += "</tr>"
    for language in section.languages:
        line = (
            f'<tr><th scope="row">{_e(LANGUAGE_NAMES.get(language.language, language.language))}'
            f"</th>{_count_cell(language.answers)}"
        )
        if section.type != "audio":
            if not language.answers.shown:
                words = NO_FIGURE
            elif language.terms:
                words = ", ".join(
                    f"{_label(term, language.language)} ({n})" for term, n in language.terms
                )
            else:
                words = f"no word used in {t} or more answers"
            line += f"<td>{words}</td>"
        rows.append(line + "</tr>")
    parts += ["<table>", *rows, "</table>"]
    if section.unreadable:
        parts.append(
            f'<p class="note">{section.unreadable} answer(s) could not be opened (damaged, or '
            "sealed with another key) and are counted but not read.</p>"
        )
    return parts


def _ai_themes() -> list[str]:
    return [
        '<section id="ai-themes">',
        "<h2>Themes found by AI</h2>",
        '<p class="note">Not in this version. A later version of peacebot will add here the '
        "themes that an AI model finds in the answers given in people's own words, with the "
        "same rules on small groups. This report was made without AI: no answer left this "
        "computer to make it.</p>",
        "</section>",
    ]


def _method(report: Report) -> list[str]:
    t = report.threshold
    return [
        '<section id="method">',
        "<h2>How the figures are worked out</h2>",
        "<ul>",
        "<li><strong>Respondents</strong> of a question: the people who answered it (a "
        "skipped question, or one not asked because of an earlier answer, is not counted). "
        "Percentages are of them.</li>",
        "<li><strong>Groups</strong>: gender, age (18–29, the youth of UN Security Council "
        "resolution 2250, or other ages) and region as each person gave them in their "
        "profile when they started the survey; “not said” for those who chose “prefer "
        "not to say” or skipped it.</li>",
        "<li><strong>Priority score</strong> of a ranking where each person puts their top "
        "k in order: first place earns k points, second k−1, … , k-th 1, not in their top k "
        "0. The score is the points an answer got as a percentage of the most it could get: "
        "score = 100 × points ÷ (k × respondents). 100 means everyone put it first.</li>",
        f"<li><strong>Hidden counts</strong>: every count below {t} is hidden, then, in "
        "each row and column of a table with its total, more counts (the smallest) until no "
        "row or column has exactly one hidden count, so none can be found by subtraction. "
        "For questions where one person can give several answers, each answer is protected "
        "with the count of those who did not give it.</li>",
        "<li><strong>Most used words</strong>: each answer is first cleaned of phone "
        "numbers, emails, @names and links, then cut into words, in lower case; very common "
        "words (the, de, في, que…) and words shorter than 3 letters are left out; each word "
        "counts once per answer.</li>",
        "</ul>",
        "</section>",
    ]
