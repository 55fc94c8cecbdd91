"""Scrubbing contact details out of free text: what goes, what stays, and that it settles."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from services.scrubbing import (
    _FOLD_DIGITS,
    EMAIL_PLACEHOLDER,
    HANDLE_PLACEHOLDER,
    LINK_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    Scrubbed,
    _scrub_once,
    is_clean,
    possible_kinds,
    scrub,
)

RLM = "\u200f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call me on +249 91 234 5678 after 5pm", "Call me on [phone] after 5pm"),
        ("WhatsApp: 00249912345678.", "WhatsApp: [phone]."),
        ("My number is 091 234 5678, thanks", "My number is [phone], thanks"),
        ("UK office +44 (0)20 7946 0958", "UK office [phone]"),
        ("Appelez-moi au 06 12 34 56 78, merci.", "Appelez-moi au [phone], merci."),
        ("Mon numéro : +33 6 12 34 56 78", "Mon numéro : [phone]"),
        ("ou le 06.12.34.56.78 le soir", "ou le [phone] le soir"),
        ("Numéro\u00a0: 06\u00a012\u00a034\u00a056\u00a078", "Numéro\u00a0: [phone]"),
        ("Llámame al 091-234-5678 o al (0)91-234-5678.", "Llámame al [phone] o al [phone]."),
        ("Mi número es +34 612 345 678", "Mi número es [phone]"),
        ("Oficina: (091) 234 5678", "Oficina: [phone]"),
        ("اتصل بي على ٠٩١٢٣٤٥٦٧٨ من فضلك", "اتصل بي على [phone] من فضلك"),
        (f"رقمي {RLM}+٢٤٩ ٩١ ٢٣٤ ٥٦٧٨{RLM} شكرا", f"رقمي {RLM}[phone]{RLM} شكرا"),
        ("رقم أخي ۰۹۱۲ ۳۴۵ ۶۷۸ للتواصل", "رقم أخي [phone] للتواصل"),
        # Arabic glues "and" (و) to the next word, numbers included.
        ("اتصلوا بي و٠٩١٢٣٤٥٦٧٨", "اتصلوا بي و[phone]"),
    ],
)
def test_phone_numbers_are_scrubbed(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.phones == expected.count(PHONE_PLACEHOLDER)
    assert (result.emails, result.handles, result.links) == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email me at amina.hassan@example.org.", "Email me at [email]."),
        (
            "Écrivez à jean-luc+paix@exemple.fr pour plus d'infos",
            "Écrivez à [email] pour plus d'infos",
        ),
        ("Mi correo es maría.lópez@correo.es, gracias", "Mi correo es [email], gracias"),
        ("بريدي الإلكتروني: ahmed_99@mail.sd", "بريدي الإلكتروني: [email]"),
        ("(AMINA@EXAMPLE.ORG)", "([email])"),
    ],
)
def test_emails_are_scrubbed(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.emails == 1
    assert (result.phones, result.handles, result.links) == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Find me on Telegram @amina_h, thanks", "Find me on Telegram [handle], thanks"),
        ("Instagram: @jane.doe.", "Instagram: [handle]."),
        ("Contactez @Jean_Dupont sur Telegram", "Contactez [handle] sur Telegram"),
        ("Sígueme en @maria_paz2024!", "Sígueme en [handle]!"),
        ("حسابي على تيليجرام @ahmed_sd", "حسابي على تيليجرام [handle]"),
    ],
)
def test_handles_are_scrubbed(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.handles == 1
    assert (result.phones, result.emails, result.links) == (0, 0, 0)


def test_handle_length_rule() -> None:
    assert scrub("@abc").text == "@abc"
    assert scrub("@abcd").text == HANDLE_PLACEHOLDER
    assert scrub("@" + "a" * 32).text == HANDLE_PLACEHOLDER
    assert scrub("@2024").text == "@2024"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.org/report?id=7.", "See [link]."),
        ("Join t.me/peace_group or https://t.me/+AbCdEf123", "Join [link] or [link]"),
        ("Or telegram.me/someone and wa.me/249912345678", "Or [link] and [link]"),
        ("Voir www.exemple.fr/page, merci", "Voir [link], merci"),
        ("Mon site : monsite.org.", "Mon site : [link]."),
        ("Mi perfil: facebook.com/maria.lopez", "Mi perfil: [link]"),
        ("Ver sitio.es/contacto (ahí)", "Ver [link] (ahí)"),
        ("صفحتي facebook.com/ahmed.sd شكرا", "صفحتي [link] شكرا"),
        ("«http://example.net/a»", "«[link]»"),
    ],
)
def test_links_are_scrubbed(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.links == expected.count(LINK_PLACEHOLDER)
    assert (result.phones, result.emails, result.handles) == (0, 0, 0)


def test_the_at_sign_of_an_email_is_not_a_handle() -> None:
    result = scrub("amina@example.org")
    assert result == Scrubbed(text=EMAIL_PLACEHOLDER, emails=1)


def test_counts_each_kind_in_mixed_text() -> None:
    text = (
        "Call +249 91 234 5678 or 0912345678, write to amina@example.org, "
        "Telegram @amina_h, see https://example.org and t.me/amina_h."
    )
    result = scrub(text)
    assert result.text == (
        "Call [phone] or [phone], write to [email], Telegram [handle], see [link] and [link]."
    )
    assert (result.phones, result.emails, result.handles, result.links) == (2, 1, 1, 2)
    assert result.total == 6


def test_findings_glued_together_are_all_scrubbed() -> None:
    result = scrub("amina@mail.org@amina_h")
    assert result.text == EMAIL_PLACEHOLDER + HANDLE_PLACEHOLDER
    assert (result.emails, result.handles) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short number is not a phone number, but what starts inside it still counts.
        ("room 12 34@mail.com", f"room 12 {EMAIL_PLACEHOLDER}"),
        ("(0)7amina@mail.org", f"(0){EMAIL_PLACEHOLDER}"),
        # Money stays, and so does its tail: "12 3456789" after SDG is one amount.
        ("SDG 12 3456789", "SDG 12 3456789"),
    ],
)
def test_a_turned_down_number_hides_nothing_that_starts_inside_it(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I was born in 1999 and it is now 2024.",
        "I am 23 years old.",
        "We have 3 children; 150 families were displaced in 2023-2024.",
        "In 2024 150 families left the village.",
        "The meeting is on 12.05.2024 at 10:30.",
        "Dates: 12/05/2024, 2024-05-12, 5-12-2024.",
        "It costs 5000 SDG, about 8%, or 12.5% of 1.500.000 SDG.",
        "A list like 1, 2, 3 or 1,2,3,4,5,6,7,8.",
        "Version 2.0 of the plan, e.g. the one from 5 p.m., i.e. the latest.",
        "It was the end.Next day we left.",
        "We met @ the market, @abc came too.",
        "Il a 45 ans et 4 enfants ; la réunion est le 12.05.2024 à 10h30.",
        "Nous avons payé 1\u202f500\u202f000 FCFA.",
        "Tengo 23 años y 3 hijos. Pagamos 5000 pesos el 12-05-2024.",
        "Vivimos en la casa.es grande.",
        "عمري ٢٣ سنة ولدي ٣ أطفال، والاجتماع في ١٢/٠٥/٢٠٢٤ الساعة ١٠:٣٠",
        "دفعنا ٥٠٠٠ جنيه في عام ٢٠٢٤",
        f"{RLM}نحن بخير، شكرا{RLM}",
    ],
)
def test_ordinary_text_and_numbers_stay(text: str) -> None:
    result = scrub(text)
    assert result == Scrubbed(text=text)
    assert is_clean(text)


def test_seven_digits_make_a_phone_number_six_do_not() -> None:
    assert scrub("code 123456").text == "code 123456"
    assert scrub("code 1234567").text == "code [phone]"
    assert scrub("code 12 34 56").text == "code 12 34 56"
    assert scrub("code 12 34 56 7").text == "code [phone]"


def test_empty_text() -> None:
    assert scrub("") == Scrubbed(text="")
    assert scrub("").total == 0
    assert is_clean("")


def test_is_clean() -> None:
    assert is_clean("We need water and a school.")
    assert not is_clean("Call 0912345678")
    assert not is_clean("t.me/someone")


def test_result_is_frozen() -> None:
    result = scrub("0912345678")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "0912345678"  # type: ignore[misc]


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
NO_CHANGE = str.maketrans("", "")

# Words with no digit, @ or dot, in the four languages, so they can never be a finding.
WORDS = st.sampled_from(
    [
        "please",
        "call",
        "me",
        "on",
        "or",
        "write",
        "appelez",
        "moi",
        "au",
        "écrivez",
        "llámame",
        "escríbeme",
        "al",
        "اتصل",
        "بي",
        "على",
        "راسلني",
        f"{RLM}شكرا",
    ]
)
BEFORE = st.sampled_from([" ", ": ", " (", ", ", " «", f" {RLM}"])
AFTER = st.sampled_from(["", ".", ")", ",", "!", " »", "؟", "،", RLM])
DIGIT_GROUPS = st.lists(
    st.text(alphabet="0123456789", min_size=2, max_size=4), min_size=3, max_size=5
)


# Local numbers start with 0 and a group of three or four digits, as in Sudan and France,
# so no generated number can read as a date, which is rightly left alone.
@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    country = draw(st.from_regex(r"[1-9][0-9]{0,2}", fullmatch=True))
    head = draw(
        st.sampled_from(
            [
                f"+{country}",
                f"00{country}",
                "0" + draw(st.text(alphabet="0123456789", min_size=2, max_size=3)),
            ]
        )
    )
    separator = draw(st.sampled_from(["", " ", ".", "-", " - ", "\u00a0"]))
    number = separator.join([head, *draw(DIGIT_GROUPS)])
    return number.translate(draw(st.sampled_from([NO_CHANGE, ARABIC_INDIC, PERSIAN])))


EMAILS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"[a-zA-Z0-9](?:[a-zA-Z0-9._+-]{0,14}[a-zA-Z0-9])?", fullmatch=True),
    st.lists(
        st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
        min_size=1,
        max_size=3,
    ),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
HANDLES = st.from_regex(r"@[A-Za-z_][A-Za-z0-9_]{3,31}", fullmatch=True)
FINDINGS = st.one_of(
    st.tuples(phone_numbers(), st.just(PHONE_PLACEHOLDER)),
    st.tuples(EMAILS, st.just(EMAIL_PLACEHOLDER)),
    st.tuples(HANDLES, st.just(HANDLE_PLACEHOLDER)),
)


@given(
    st.lists(WORDS, max_size=4),
    BEFORE,
    FINDINGS,
    AFTER,
    st.lists(WORDS, max_size=4),
)
def test_a_finding_among_words_is_replaced_and_nothing_else(
    words_before: list[str],
    before: str,
    finding: tuple[str, str],
    after: str,
    words_after: list[str],
) -> None:
    found, placeholder = finding
    head = " ".join(words_before) + before
    tail = after + "".join(" " + word for word in words_after)
    result = scrub(head + found + tail)
    assert result.text == head + placeholder + tail
    assert result.total == 1


# Text rich in the characters the patterns look at, mixed with whole findings.
SCRUBBABLE_CHARACTERS = st.text(
    alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ .-+()@:/_#?%$abcdegilmnorstw\u00a0\u200fمرح،",
    max_size=40,
)
PIECES = st.one_of(
    SCRUBBABLE_CHARACTERS,
    WORDS,
    phone_numbers(),
    EMAILS,
    HANDLES,
    st.sampled_from(["https://t.me/x", "www.a.org", "t.me/", "example.org", "12.05.2024", "SDG"]),
)


@given(st.one_of(st.text(), st.lists(PIECES, max_size=8).map("".join)))
def test_scrubbing_is_idempotent(text: str) -> None:
    once = scrub(text)
    twice = scrub(once.text)
    assert twice.text == once.text
    assert twice.total == 0
    assert is_clean(once.text)


@given(st.one_of(st.text(), st.lists(PIECES, max_size=8).map("".join)))
@example("0)0@0.AA")  # a short number the phone pattern turns down, glued to an email
def test_leaving_out_the_kinds_a_text_cannot_hold_finds_the_same(text: str) -> None:
    # scrub() only tries the patterns of the kinds possible_kinds() allows (none at all when
    # a text has no "@", "://", dot before a letter or digit, nor enough digits): the full
    # pattern must find exactly the same in every text.
    folded = text.translate(_FOLD_DIGITS)
    assert _scrub_once(text, folded, possible_kinds(folded)) == _scrub_once(text, folded)


def test_every_kind_is_possible_where_it_is_found() -> None:
    examples = {
        "+249 91 234 5678": {"phone"},
        "٠٩١٢٣٤٥٦٧٨": {"phone"},
        "a@b.org": {"email", "link", "handle"},
        "@amina_h": {"handle"},
        "see t.me/x": {"link"},
        "http://x": {"url"},
    }
    for text, kinds in examples.items():
        assert set(possible_kinds(text.translate(_FOLD_DIGITS))) == kinds, text
    assert possible_kinds("Water is expensive. The well is far, 3 km away.") == ()
