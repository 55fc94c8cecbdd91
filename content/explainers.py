"""The explainer library: read content/explainers/<id>/<language>.md, check it, render it.

The file format is described for writers in content/explainers/README.md; this module is
its only reader, so that `peacebot content check` and the bot agree on what a file means.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

TOPICS = (
    "what-are-rights",
    "participation",
    "expression-assembly",
    "equality",
    "women-peace-security",
    "youth-peace-security",
    "defenders",
    "transitional-justice",
    "land-property",
    "freedom-from-violence",
    "information",
    "safety",
)
AUDIENCES = (
    "everyone",
    "youth",
    "women",
    "faith-leaders",
    "civil-society",
    "security-sector",
    "local-authorities",
)
# The profile question's age bands (services.profile.AGE_BANDS, which imports the database
# models: a test keeps the two equal instead of importing it here).
AGE_BANDS = ("under-18", "18-24", "25-29", "30-39", "40-59", "60-plus")
LANGUAGES = ("en", "fr", "ar", "es")
SHORT_WORDS = 120
MORE_WORDS = 300
TITLE_CHARACTERS = 100
DEFAULT_PRIORITY = 50
MORE_MARKER = "<!-- more -->"
LOCAL_HELP = "{local_help}"
TELEGRAM_TEXT_LIMIT = 4096
# The check does not know each deployment's local help text; it keeps this much room for it.
LOCAL_HELP_ROOM = 200
LIBRARY_DIR = Path(__file__).resolve().parent / "explainers"

FIELDS = (
    "id",
    "language",
    "title",
    "topic",
    "audiences",
    "age_bands",
    "regions",
    "priority",
    "related",
    "sources",
    "required",
)
REQUIRED_FIELDS = ("id", "language", "title", "topic", "audiences", "sources")
ID_RULE = re.compile(r"[a-z0-9-]{1,40}")


@dataclass(frozen=True)
class Explainer:
    """One explainer in one language, as its file says."""

    id: str
    language: str
    title: str
    topic: str
    audiences: tuple[str, ...]
    age_bands: tuple[str, ...]
    regions: tuple[str, ...]
    priority: int
    related: tuple[str, ...]
    sources: tuple[str, ...]
    required: bool
    short: str
    more: str | None
    path: Path


@dataclass(frozen=True)
class ContentProblem:
    """Something a writer can fix, at a file and line (no line: the folder itself)."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class Library:
    """The explainers the bot can show, keyed by (id, language)."""

    def __init__(self, explainers: Iterable[Explainer] = ()) -> None:
        self._explainers = {(e.id, e.language): e for e in explainers}

    def __len__(self) -> int:
        return len(self._explainers)

    def get(self, id: str, language: str) -> Explainer | None:
        return self._explainers.get((id, language))

    def ids(self) -> list[str]:
        return sorted({key[0] for key in self._explainers})

    def in_language(self, language: str) -> list[Explainer]:
        """Every explainer in this language, highest priority first (then by id)."""
        found = [e for (_, lang), e in self._explainers.items() if lang == language]
        return sorted(found, key=lambda e: (-e.priority, e.id))

    def languages_of(self, id: str) -> list[str]:
        """The languages this explainer exists in, in the order of LANGUAGES."""
        present = {lang for (eid, lang) in self._explainers if eid == id}
        return [lang for lang in LANGUAGES if lang in present] + sorted(present - set(LANGUAGES))

    def languages(self) -> list[str]:
        present = {lang for (_, lang) in self._explainers}
        return [lang for lang in LANGUAGES if lang in present] + sorted(present - set(LANGUAGES))


# --- reading -------------------------------------------------------------------------------


@dataclass
class _HeaderField:
    value: object
    line: int
    item_lines: tuple[int, ...] = ()


@dataclass
class _ReadFile:
    """One file as read, with what the checks across files need."""

    path: Path
    folder: str
    stem: str
    problems: list[ContentProblem] = field(default_factory=list)
    explainer: Explainer | None = None
    header: dict[str, _HeaderField] = field(default_factory=dict)
    short_line: int = 1
    more_line: int = 1

    def report(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.path, line, message))

    def line_of(self, name: str) -> int:
        found = self.header.get(name)
        return found.line if found else 1

    def text_value(self, name: str) -> str | None:
        found = self.header.get(name)
        return found.value if found and isinstance(found.value, str) else None

    @property
    def says_required(self) -> bool:
        """The header could be read and asks for every language (the default)."""
        if not self.header:
            return False
        found = self.header.get("required")
        return found is None or found.value is True


def load_library(directory: Path = LIBRARY_DIR) -> tuple[Library, list[ContentProblem]]:
    """Read every `<id>/<language>.md` under `directory` and check it.

    The library holds every explainer whose own file has no problem; the list names every
    problem, each with its file and line. Problems between files (a missing translation, a
    related explainer that does not exist) do not leave an explainer out.
    """
    if not directory.is_dir():
        return Library(), [ContentProblem(directory, None, "there is no such folder")]
    files = _explainer_files(directory)
    if not files:
        return Library(), [
            ContentProblem(
                directory,
                None,
                "no explainers here: add a folder per explainer with en.md, fr.md, ar.md and "
                "es.md in it (see content/explainers/README.md)",
            )
        ]
    read = [_read_file(path) for path in files]
    explainers = [r.explainer for r in read if r.explainer is not None and not r.problems]
    _check_duplicates(read, directory)
    _check_related(read)
    _check_translations(read)
    problems = sorted(
        (problem for r in read for problem in r.problems),
        key=lambda problem: (str(problem.path), problem.line or 0),
    )
    # A duplicate is reported on the later file; the first one stays in the library.
    unique: dict[tuple[str, str], Explainer] = {}
    for explainer in explainers:
        unique.setdefault((explainer.id, explainer.language), explainer)
    return Library(unique.values()), problems


def _explainer_files(directory: Path) -> list[Path]:
    # Dot-files are editors' and systems' own (.#en.md locks, .DS_Store): not explainers.
    return [
        file
        for folder in sorted(directory.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
        for file in sorted(folder.iterdir())
        if file.is_file() and file.suffix == ".md" and not file.name.startswith(".")
    ]


def _read_file(path: Path) -> _ReadFile:
    read = _ReadFile(path=path, folder=path.parent.name, stem=path.stem)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        read.report(
            raw[: error.start].count(b"\n") + 1,
            "the file is not UTF-8 text: save it with the UTF-8 encoding",
        )
        return read
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        read.report(
            1,
            'no header: the file must start with a line "---", the header, and another line "---"',
        )
        return read
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        read.report(1, 'the header is not closed: add a line "---" after its last field')
        return read
    if not _read_header(read, "\n".join(lines[1:close])):
        return read
    header = _check_header(read)
    short, more = _check_body(read, lines, close + 1)
    if header is not None and short is not None:
        read.explainer = replace(header, short=short, more=more)
        _check_telegram_length(read, read.explainer)
    return read


def _read_header(read: _ReadFile, header: str) -> bool:
    """Parse the YAML header into read.header with each field's line; False if unreadable."""
    first_line = 2  # the header starts on the file's second line
    loader = yaml.SafeLoader(header)
    try:
        node = loader.get_single_node()
        if node is None:
            return True
        if not isinstance(node, yaml.MappingNode):
            read.report(
                node.start_mark.line + first_line,
                'the header must be lines of "field: value", such as "topic: participation"',
            )
            return False
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + first_line
            if name in read.header:
                read.report(line, f'"{name}" appears twice in the header: keep one')
            item_lines: tuple[int, ...] = ()
            if isinstance(value_node, yaml.SequenceNode):
                item_lines = tuple(item.start_mark.line + first_line for item in value_node.value)
            value = loader.construct_object(value_node, deep=True)
            read.header[name] = _HeaderField(value, line, item_lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        read.report(
            (mark.line if mark else 0) + first_line,
            f"the header is not valid YAML: {error.problem or error.context}. "
            'Put a value in quotes if it contains ": " or " #", or starts with one of '
            "[ ] { } & * ! | > ' \" % @ `",
        )
        return False
    except yaml.YAMLError as error:
        read.report(first_line, f"the header is not valid YAML: {error}")
        return False
    finally:
        loader.dispose()
    return True


_TYPE_NAMES = {str: "text", bool: "true or false", int: "a number", float: "a number"}


def _kind_of(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return '"field: value" lines'
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return "a date" if type(value).__name__ in ("date", "datetime") else type(value).__name__


def _suggest(kind: str, value: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else "one of: " + ", ".join(allowed)
    return f'unknown {kind} "{value}" ({hint})'


def _check_header(read: _ReadFile) -> Explainer | None:
    """Check every field; an Explainer with the header's values and no body yet, if usable."""
    header = read.header
    usable = True
    for name, found in header.items():
        if name not in FIELDS:
            read.report(found.line, _suggest("field", name, FIELDS))
    for name in REQUIRED_FIELDS:
        if name not in header:
            read.report(1, f'missing field "{name}" in the header')
            usable = False

    def text(name: str) -> str | None:
        found = header.get(name)
        if found is None:
            return None
        if not isinstance(found.value, str) or not found.value.strip():
            read.report(found.line, f'"{name}" must be text, not {_kind_of(found.value)}')
            return None
        return found.value.strip()

    def words(name: str, example: str, at_least_one: bool) -> tuple[str, ...] | None:
        found = header.get(name)
        if found is None or (found.value is None and not at_least_one):
            return ()
        expected = f'"{name}" must be a list such as {example}'
        if not isinstance(found.value, list):
            read.report(found.line, f"{expected}, not {_kind_of(found.value)}")
            return None
        for number, item in enumerate(found.value, start=1):
            if not isinstance(item, str) or not item.strip():
                item_line = found.item_lines[number - 1] if found.item_lines else found.line
                read.report(item_line, f"{expected}; item {number} is {_kind_of(item)}")
                return None
        if at_least_one and not found.value:
            read.report(found.line, f'"{name}" is empty: give at least one')
            return None
        return tuple(item.strip() for item in found.value)

    def known(
        name: str, kind: str, values: tuple[str, ...] | None, allowed: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        found = header.get(name)
        if values is None or found is None:
            return values
        good = True
        for number, value in enumerate(values):
            if value not in allowed:
                item_line = found.item_lines[number] if found.item_lines else found.line
                read.report(item_line, _suggest(kind, value, allowed))
                good = False
        return values if good else None

    explainer_id = text("id")
    if explainer_id is not None:
        if not ID_RULE.fullmatch(explainer_id):
            read.report(
                header["id"].line,
                f'id "{explainer_id}" may only have lowercase letters a-z, digits and "-", '
                "at most 40 characters",
            )
            explainer_id = None
        elif explainer_id != read.folder:
            read.report(
                header["id"].line,
                f'id "{explainer_id}" does not match the folder\'s name "{read.folder}"',
            )
            explainer_id = None
    language = text("language")
    if language is not None:
        if language not in LANGUAGES:
            read.report(header["language"].line, _suggest("language", language, LANGUAGES))
            language = None
        elif language != read.stem:
            read.report(
                header["language"].line,
                f'language "{language}" does not match the file\'s name "{read.path.name}"',
            )
            language = None
    title = text("title")
    if title is not None and len(title) > TITLE_CHARACTERS:
        read.report(
            header["title"].line,
            f"the title has {len(title)} characters; at most {TITLE_CHARACTERS}",
        )
        title = None
    topic = text("topic")
    if topic is not None and topic not in TOPICS:
        read.report(header["topic"].line, _suggest("topic", topic, TOPICS))
        topic = None
    audiences = known(
        "audiences", "audience", words("audiences", "[youth, women]", True), AUDIENCES
    )
    age_bands = known(
        "age_bands", "age band", words("age_bands", "[18-24, 25-29]", False), AGE_BANDS
    )
    regions = words("regions", "[North, Lakeside]", False)
    related = words("related", "[participation, safety]", False)
    sources = words("sources", 'lines starting with "- "', True)
    priority: int | None = DEFAULT_PRIORITY
    if "priority" in header:
        found = header["priority"]
        if not isinstance(found.value, int) or isinstance(found.value, bool):
            read.report(
                found.line,
                f'"priority" must be a whole number from 0 to 100, not {_kind_of(found.value)}',
            )
            priority = None
        elif not 0 <= found.value <= 100:
            read.report(found.line, f"priority {found.value} is outside 0 to 100")
            priority = None
        else:
            priority = found.value
    required: bool | None = True
    if "required" in header:
        found = header["required"]
        if not isinstance(found.value, bool):
            read.report(
                found.line, f'"required" must be true or false, not {_kind_of(found.value)}'
            )
            required = None
        else:
            required = found.value
    if (
        not usable
        or explainer_id is None
        or language is None
        or title is None
        or topic is None
        or audiences is None
        or age_bands is None
        or regions is None
        or priority is None
        or related is None
        or sources is None
        or required is None
    ):
        return None
    return Explainer(
        id=explainer_id,
        language=language,
        title=title,
        topic=topic,
        audiences=audiences,
        age_bands=age_bands,
        regions=regions,
        priority=priority,
        related=related,
        sources=sources,
        required=required,
        short="",
        more=None,
        path=read.path,
    )


_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_HTML = re.compile(r"<!--.*?-->|<!--|</?[A-Za-z][^<>]*>")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
_ANY_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\(([^()\s]*)\)")
_LINK_TARGET = re.compile(r"(?<!!)\[[^\[\]\n]*\]\(([^)\n]*)\)?")
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")


def _check_body(read: _ReadFile, lines: list[str], start: int) -> tuple[str | None, str | None]:
    """Check the body (lines[start:]); its short and "tell me more" parts as written."""
    markers = [i for i in range(start, len(lines)) if lines[i].strip() == MORE_MARKER]
    for extra in markers[1:]:
        read.report(extra + 1, f'a second "{MORE_MARKER}": there can be only one')
    split = markers[0] if markers else len(lines)
    in_table = False
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        if index in markers:
            continue
        if MORE_MARKER in line:
            read.report(number, f'"{MORE_MARKER}" must be alone on its line')
            line = line.replace(MORE_MARKER, "")
        if _HEADING.match(line):
            read.report(
                number, 'headings ("#") are not allowed: write a plain paragraph or **bold**'
            )
        if tag := _HTML.search(line):
            read.report(
                number,
                f'HTML is not allowed ("{tag.group()}"): write **bold**, _italic_ or '
                "[words](https://...)",
            )
        table = bool(_TABLE_ROW.match(line) or _TABLE_RULE.match(line))
        if table and not in_table:
            read.report(
                number, 'tables are not allowed (Telegram cannot show them): use a list ("- ")'
            )
        in_table = table
        if "![" in line:
            read.report(number, 'images ("![...](...)") are not allowed: messages are text only')
        for name in _PLACEHOLDER.findall(line):
            if "{" + name + "}" != LOCAL_HELP:
                read.report(
                    number, f'unknown placeholder "{{{name}}}": only {LOCAL_HELP} is filled in'
                )
        for target in _LINK_TARGET.findall(line):
            if not _HTTP_URL.fullmatch(target):
                read.report(
                    number,
                    f'the link "{target}" cannot be shown as a link: it must be a web address '
                    "starting with https:// (or http://), with no spaces or brackets",
                )
    read.short_line, short = _part(lines, start, split)
    if short is None:
        read.report(
            min(start + 1, len(lines)), "the short part is empty: write it after the header"
        )
    elif (count := _count_words(short)) > SHORT_WORDS:
        read.report(read.short_line, f"the short part has {count} words; at most {SHORT_WORDS}")
    read.more_line, more = _part(lines, split + 1, len(lines))
    if more is not None and (count := _count_words(more)) > MORE_WORDS:
        read.report(
            read.more_line, f'the "tell me more" part has {count} words; at most {MORE_WORDS}'
        )
    return short, more


def _part(lines: list[str], start: int, end: int) -> tuple[int, str | None]:
    """The first line number and text of lines[start:end] without blank lines around."""
    filled = [i for i in range(start, min(end, len(lines))) if lines[i].strip()]
    if not filled:
        return start + 1, None
    return filled[0] + 1, "\n".join(line.rstrip() for line in lines[filled[0] : filled[-1] + 1])


def _count_words(markdown: str) -> int:
    text = _IMAGE.sub(r" \1 ", markdown)
    text = _ANY_LINK.sub(r" \1 ", text)
    text = text.replace("**", "")
    text = _ITALIC_MARK.sub("", text)
    text = _LIST_ITEM.sub("", text)
    # A token with no letter or digit is punctuation: French writes "droits :" and "?".
    return sum(1 for token in text.split() if _WORDLIKE.search(token))


def _check_telegram_length(read: _ReadFile, explainer: Explainer) -> None:
    room = "x" * LOCAL_HELP_ROOM
    parts: list[tuple[str, str, int]] = [
        ("short", "the short part with its title", read.short_line)
    ]
    if explainer.more is not None:
        parts.append(("more", 'the "tell me more" part', read.more_line))
    for part, name, line in parts:
        length = _telegram_length(render(explainer, part, room))
        if length > TELEGRAM_TEXT_LIMIT:
            read.report(
                line,
                f"{name} is {length} characters in Telegram (keeping {LOCAL_HELP_ROOM} for "
                f"{LOCAL_HELP}); at most {TELEGRAM_TEXT_LIMIT}",
            )


def _telegram_length(rendered: str) -> int:
    """Telegram counts the text without its tags, in UTF-16 code units."""
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return len(visible.encode("utf-16-le")) // 2


def _check_duplicates(read: list[_ReadFile], directory: Path) -> None:
    seen: dict[tuple[str, str], _ReadFile] = {}
    for file in read:
        key = (file.text_value("id"), file.text_value("language"))
        if key[0] is None or key[1] is None:
            continue
        first = seen.setdefault((key[0], key[1]), file)
        if first is not file:
            other = first.path.relative_to(directory)
            file.report(
                file.line_of("id"),
                f'another file has the same id "{key[0]}" and language "{key[1]}": {other}',
            )


def _check_related(read: list[_ReadFile]) -> None:
    existing = {file.folder for file in read} | {
        value for file in read if (value := file.text_value("id")) is not None
    }
    for file in read:
        found = file.header.get("related")
        if found is None or not isinstance(found.value, list):
            continue
        for number, value in enumerate(found.value):
            if isinstance(value, str) and value.strip() and value.strip() not in existing:
                line = found.item_lines[number] if found.item_lines else found.line
                file.report(line, f'related explainer "{value.strip()}" does not exist')


def _check_translations(read: list[_ReadFile]) -> None:
    folders: dict[str, list[_ReadFile]] = {}
    for file in read:
        folders.setdefault(file.folder, []).append(file)
    for files in folders.values():
        if not any(file.says_required for file in files):
            continue
        present = {file.stem for file in files}
        missing = [language for language in LANGUAGES if language not in present]
        if not missing:
            continue
        order = {language: index for index, language in enumerate(LANGUAGES)}
        first = min(files, key=lambda file: (order.get(file.stem, len(LANGUAGES)), file.stem))
        names = ", ".join(f"{language}.md" for language in missing)
        first.report(
            first.line_of("required"),
            f"missing translations: {names} (an explainer is needed in "
            f'{", ".join(LANGUAGES)} unless its header says "required: false")',
        )


# --- rendering for Telegram (parse_mode HTML) ---------------------------------------------------

_HTTP_URL = re.compile(r"https?://[^\s()<>\"]+")
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((https?://[^\s()<>\"]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# Only at word boundaries, so that snake_case stays as it is; never across a bold tag.
_ITALIC = re.compile(r"(?<!\w)_(?=\S)((?:[^<\n]|<b>[^<]*</b>)+?)(?<=\S)_(?!\w)")
_ITALIC_MARK = re.compile(r"(?<!\w)_|_(?!\w)")
_LIST_ITEM = re.compile(r"^\s*- +", re.MULTILINE)
_WORDLIKE = re.compile(r"\w")
_SLOT = re.compile(r"\x00(\d+)\x00")
_HELP_SLOT = "\x00help\x00"


def render(explainer: Explainer, part: str, local_help: str) -> str:
    """The part ("short" or "more") as Telegram HTML; the short part starts with the title."""
    if part == "short":
        body = _render_markdown(explainer.short, local_help)
        return f"<b>{_escape(explainer.title)}</b>\n\n{body}"
    if part == "more":
        if explainer.more is None:
            raise ValueError(f'{explainer.path} has no "tell me more" part')
        return _render_markdown(explainer.more, local_help)
    raise ValueError(f'part must be "short" or "more", not {part!r}')


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _render_markdown(markdown: str, local_help: str) -> str:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.replace("\x00", "").strip()):
        entries: list[tuple[bool, str]] = []  # (is a list item, its text)
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("- "):
                entries.append((True, line[2:].strip()))
            elif entries:
                # Markdown joins wrapped lines (and a list item's continuation) with a space.
                entries[-1] = (entries[-1][0], f"{entries[-1][1]} {line}")
            else:
                entries.append((False, line))
        paragraphs.append(
            "\n".join(("• " if item else "") + _inline(text) for item, text in entries)
        )
    return "\n\n".join(p for p in paragraphs if p).replace(_HELP_SLOT, _escape(local_help))


def _inline(text: str) -> str:
    links: list[str] = []

    def keep_link(match: re.Match[str]) -> str:
        url = _escape(match.group(2)).replace('"', "&quot;")
        links.append(f'<a href="{url}">{_format(_escape(match.group(1)))}</a>')
        return f"\x00{len(links) - 1}\x00"

    text = text.replace(LOCAL_HELP, _HELP_SLOT)
    text = _LINK.sub(keep_link, text)
    formatted = _format(_escape(text))
    return _SLOT.sub(lambda match: links[int(match.group(1))], formatted)


def _format(escaped: str) -> str:
    return _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", escaped))
