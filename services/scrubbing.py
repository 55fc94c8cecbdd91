"""Scrubbing contact details out of free-text answers before they leave in an export.

Phone numbers, email addresses, @handles and links are replaced by placeholders such as
"[phone]"; everything else in the text is kept as written.

This is a backstop, not a guarantee. It only finds what a pattern can recognise: a name, a
village, a job or a story can still point to one person, and so can a phone number spelled
out in words or an address written "name at example dot org". Organisers must still read
free text themselves before sharing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

PHONE_PLACEHOLDER = "[phone]"
EMAIL_PLACEHOLDER = "[email]"
HANDLE_PLACEHOLDER = "[handle]"
LINK_PLACEHOLDER = "[link]"

# A phone number has at least this many digits; fewer is an age, a count, a year, a time.
MIN_PHONE_DIGITS = 7

# Matching runs on a copy with Arabic-Indic (٠-٩) and Eastern Arabic-Indic/Persian (۰-۹)
# digits folded to 0-9, so one set of patterns serves every script. Each digit folds to one
# character, so a position in the copy is the same position in the original.
_FOLD_DIGITS = str.maketrans(
    {chr(zero + n): str(n) for zero in (0x0660, 0x06F0) for n in range(10)}
)

_SPACE = "[ \u00a0\u202f]"  # French typography puts no-break spaces between digit pairs
# Arabic text often carries direction marks around or inside numbers.
_BIDI = "[\u200e\u200f\u2066-\u2069]"

# Phone numbers. The rule: a run of digits, in groups joined by single separators (a space,
# a dot, a dash, " - ", or brackets as in (0)91-234-5678 and (091) 234 5678), optionally led
# by "+", with at least MIN_PHONE_DIGITS digits in all. That spares ages, counts, years and
# most money; colons, commas and slashes never join groups, so times (10:30), lists
# (1, 2, 3) and dates like 12/05/2024 fall apart into short numbers. Dates and year ranges
# written with dots or dashes (12.05.2024, 2024-05-12, 2023-2024) and a year followed by
# another number ("in 2024 150 families") would reach 7 digits, so no phone number may
# start with one. Groups of single digits are allowed: "+33 6 12 34 56 78" has one, and a
# number typed digit by digit to slip past filters should not slip past this one.
_GAP = rf"(?:{_SPACE}-{_SPACE}|\)(?:{_SPACE}|-)?|{_SPACE}?\(|{_SPACE}|[.\-])"
_JOIN = rf"(?:{_BIDI}*{_GAP}{_BIDI}*|{_BIDI}+)"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = "(?:0?[1-9]|1[0-2])"
_YEAR = "(?:19|20)[0-9][0-9]"
_NOT_A_PHONE = (
    rf"{_DAY}[.\-]{_MONTH}[.\-]{_YEAR}(?![0-9])"
    rf"|{_MONTH}[.\-]{_DAY}[.\-]{_YEAR}(?![0-9])"
    rf"|{_YEAR}[.\-]{_MONTH}[.\-]{_DAY}(?![0-9])"
    rf"|{_YEAR}{_SPACE}?-{_SPACE}?{_YEAR}(?![0-9])"
    rf"|{_YEAR}{_SPACE}(?=[0-9])"
)
_PHONE = (
    # Not the tail of a longer number or of a date that was ruled out just before.
    r"(?<![0-9])(?<![0-9][.\-])"
    rf"(?:\+|\((?=[0-9]{{1,5}}\))|(?!{_NOT_A_PHONE}))"
    rf"[0-9]+(?:{_JOIN}[0-9]+)*"
)
# 1.500.000 SDG has 7 digits but is money; a phone number never sits next to a currency.
_CURRENCY = (
    r"(?:SDG|SSP|USD|EUR|GBP|XOF|XAF|F?CFA|\$|€|£|%|ج\.?س|جنيه|دولار"
    r"|(?i:dollars?|dólares?|euros?|pounds?|livres?|francs?|pesos?|libras?))"
)
_MONEY_AFTER = re.compile(rf"{_SPACE}?{_CURRENCY}(?!\w)")
_MONEY_BEFORE = re.compile(rf"{_CURRENCY}{_SPACE}?\Z")

# Emails. Unicode letters are allowed on both sides (maría@correo.es).
_EMAIL = r"(?<![\w.+%-])[\w.+%-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,}(?![\w-])"

# @handles: Telegram allows 5-32 letters, digits and _; 4 catches other platforms' short
# names too. Dotted parts (Instagram's @jane.doe) go with it, or ".doe" would stay behind.
# Not preceded by a word character, so the @ inside an email is never a handle; not all
# digits, so "@2024" stays.
_HANDLE = r"(?<![\w@])@(?=\w*[^\W\d])\w{4,32}(?:\.\w+)*(?![\w@])"

# Links. Trailing punctuation belongs to the sentence, not to the link.
_URL_CHAR = '[^\\s<>"«»“”]'
_URL_END = "[^\\s<>\"«»“”.,;:!?'’)\\]}،؛؟]"
_SCHEME_URL = rf"(?i:https?|ftps?)://{_URL_CHAR}*{_URL_END}"
_PATH = rf"[/?#](?:{_URL_CHAR}*{_URL_END})?"
# A bare domain needs a known top-level domain, so a missing space after a full stop
# ("the end.Next day") is not a link. Two-letter codes that are also everyday words in
# English, French or Spanish (me, es, de, it, in, no, la, ma, sa, al...) count only with a
# path after them: "la casa.es grande" is a typo, while t.me/..., telegram.me/..., wa.me/...
# and youtu.be/... are still links. Only com, org and net count in capitals too: "...the
# end.Info" or "done.Site" are sentences, "Example.COM" is a link.
_TLDS = (
    "info|edu|gov|int|biz|ngo|ong|app|dev|xyz|io|co|ly|tv|gg"
    "|sd|ss|eg|ae|qa|dz|tn|lb|jo|iq|sy|ye|ps|td|cm|cd|cf|sn|ke|ug|uk|fr|ch|mx|ar|cl|pe|ec"
    "|bo|uy|gt|hn|sv|cr|cu|br|ru|cn|tr|za|ng|gh|ir|af|pk"
)
_WORDY_TLDS = (
    "me|es|de|it|in|no|to|us|be|la|au|ve|do|so|is|at|as|am|al|ma|sa|se|ni|ne|et|ca|my|by|id|pa"
)
_LABELS = r"(?:[^\W_][\w-]*\.)+"
_DOMAIN = (
    r"(?<![\w@.\-/])"
    rf"(?:(?i:www)\.[^\W_][\w-]*(?:\.[\w-]+)*(?:{_PATH})?"
    rf"|{_LABELS}(?:(?i:com|org|net)|{_TLDS})(?![\w-])(?:{_PATH})?"
    rf"|{_LABELS}(?:{_WORDY_TLDS})(?![\w-])[/?#]{_URL_CHAR}*{_URL_END})"
)

# The kinds of finding, in the order they are tried at one position: an email before the
# domain inside it, a link before the digits in its path. A phone number starts with "+",
# "(" or a digit: saying so first spares the rest of its pattern at every other position.
_KINDS = {
    "url": _SCHEME_URL,
    "email": _EMAIL,
    "link": _DOMAIN,
    "handle": _HANDLE,
    "phone": rf"(?=[+(0-9]){_PHONE}",
}
ALL_KINDS = tuple(_KINDS)


@cache
def _findings(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the given kinds (in _KINDS' order), so that at any position the
    earliest-starting finding wins, and at the same position the first kind listed."""
    return re.compile("|".join(f"(?P<{kind}>{_KINDS[kind]})" for kind in kinds))


_PLACEHOLDERS = {
    "url": LINK_PLACEHOLDER,
    "link": LINK_PLACEHOLDER,
    "email": EMAIL_PLACEHOLDER,
    "handle": HANDLE_PLACEHOLDER,
    "phone": PHONE_PLACEHOLDER,
}


@dataclass(frozen=True, slots=True)
class Scrubbed:
    """Text with contact details replaced by placeholders, and how many of each kind."""

    text: str
    phones: int = 0
    emails: int = 0
    handles: int = 0
    links: int = 0

    @property
    def total(self) -> int:
        return self.phones + self.emails + self.handles + self.links


# What each kind of finding needs somewhere in the text: "://" (a link with its scheme),
# "@" (an email or a handle), a dot followed by a letter or digit (a bare domain), at least
# MIN_PHONE_DIGITS digits (a phone number). Most answers hold none of these, and most of the
# rest only one kind: the patterns of the kinds a text cannot hold are left out (an export
# scrubs every free-text answer, and the full pattern costs ten times more than one kind's).
# A kind left out could not have matched anywhere in the text, so leaving it out changes
# nothing (a number turned down as a phone number hides nothing either, see _scrub_once).
_DOT_THEN_WORD = re.compile(r"\.[^\W_]")
_DIGIT = re.compile("[0-9]")
_ENOUGH_DIGITS = re.compile(f"(?:[^0-9]*[0-9]){{{MIN_PHONE_DIGITS}}}")
_OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def possible_kinds(folded: str) -> tuple[str, ...]:
    """The kinds of finding whose patterns must be tried on a text (its digits folded to
    0-9), in _KINDS' order: any other kind would find nothing in it."""
    kinds: tuple[str, ...] = ()
    if "://" in folded:
        kinds += ("url",)
    at = "@" in folded
    if _DOT_THEN_WORD.search(folded) is not None:
        kinds += ("email", "link") if at else ("link",)
    if at:
        kinds += ("handle",)
    if _DIGIT.search(folded) is not None and _ENOUGH_DIGITS.match(folded):
        kinds += ("phone",)
    return kinds


def scrub(text: str) -> Scrubbed:
    """Replace phone numbers, emails, @handles and links in `text` by their placeholders."""
    folded = _folded(text)
    kinds = possible_kinds(folded)
    if not kinds:
        return Scrubbed(text=text)
    counts = dict.fromkeys(_PLACEHOLDERS.values(), 0)
    # Removing one finding can reveal another: in "amina@mail.org@amina_h" the handle is
    # glued to the email and only stands apart once the email is a placeholder. So go again
    # until nothing is found, which also makes scrubbing idempotent. It ends: each pass
    # turns at least one digit, "@", "." or "://" into a placeholder, and placeholders
    # contain none of them.
    while kinds:
        text, found = _scrub_once(text, folded, kinds)
        if not found:
            break
        for placeholder in found:
            counts[placeholder] += 1
        folded = _folded(text)
        kinds = possible_kinds(folded)
    return Scrubbed(
        text=text,
        phones=counts[PHONE_PLACEHOLDER],
        emails=counts[EMAIL_PLACEHOLDER],
        handles=counts[HANDLE_PLACEHOLDER],
        links=counts[LINK_PLACEHOLDER],
    )


def _folded(text: str) -> str:
    """`text` with its Arabic-Indic and Persian digits as 0-9 (most texts have none)."""
    return text.translate(_FOLD_DIGITS) if _OTHER_DIGITS.search(text) else text


def is_clean(text: str) -> bool:
    """Whether `scrub` would find nothing to replace in `text`."""
    return scrub(text).total == 0


def _scrub_once(
    text: str, folded: str, kinds: tuple[str, ...] = ALL_KINDS
) -> tuple[str, list[str]]:
    if not kinds:
        return text, []
    pattern = _findings(kinds)
    # A number turned down as a phone number (too short, or money) must not hide what starts
    # inside it: in "12 34@mail.com" the email starts at "34". So the search goes on from
    # the character after the number's start, without the phone pattern until its end (a
    # number's own tail is no more a phone number than the number was).
    others = _findings(tuple(kind for kind in kinds if kind != "phone"))
    pieces: list[str] = []
    found: list[str] = []
    kept_up_to = position = 0
    no_phone_until = -1
    while position <= len(folded):
        match = None
        if position < no_phone_until and len(kinds) > 1:
            match = others.search(folded, position)
            if match is not None and match.start() >= no_phone_until:
                match = None  # beyond the number: look again with every kind, from its end
                position = no_phone_until
        if match is None:
            match = pattern.search(folded, max(position, no_phone_until))
            if match is None:
                break
        kind = match.lastgroup
        if kind == "phone" and not _is_phone(match, folded):
            position, no_phone_until = match.start() + 1, match.end()
            continue
        assert kind is not None
        placeholder = _PLACEHOLDERS[kind]
        pieces += (text[kept_up_to : match.start()], placeholder)
        found.append(placeholder)
        kept_up_to = position = match.end()
        if match.end() == match.start():  # no pattern matches an empty string; be safe
            position += 1
    pieces.append(text[kept_up_to:])
    return "".join(pieces), found


def _is_phone(match: re.Match[str], folded: str) -> bool:
    if not _ENOUGH_DIGITS.match(match.group()):
        return False
    start, end = match.span()
    money = _MONEY_AFTER.match(folded, end) or _MONEY_BEFORE.search(
        folded, max(0, start - 12), start
    )
    return money is None
