"""The XLSForm expression parser and evaluator, on its own."""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.survey_expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    Expression,
    ExpressionError,
    Value,
    parse,
)


def holds(text: str, answers: Mapping[str, Value] | None = None, current: Value = None) -> bool:
    return parse(text).holds(answers or {}, current)


def error_for(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value


# ----------------------------------------------------------------------- skip logic


@pytest.mark.parametrize(
    ("answer", "expected"), [("yes", True), ("no", False), (None, False), ("yes ", False)]
)
def test_select_one_skip_logic(answer: Value, expected: bool) -> None:
    assert holds("${q} = 'yes'", {"q": answer}) is expected


def test_select_one_not_equal_is_true_when_unanswered() -> None:
    assert holds("${q} != 'yes'", {}) is True
    assert holds("${q} != 'yes'", {"q": "yes"}) is False


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (("food", "water"), True),
        (("food",), False),
        ((), False),
        ("food water", True),  # the XLSForm storage form: names joined by spaces
        ("waterfall", False),
        (None, False),
    ],
)
def test_selected(answer: Value, expected: bool) -> None:
    assert holds("selected(${m}, 'water')", {"m": answer}) is expected
    assert holds("not(selected(${m}, 'water'))", {"m": answer}) is (not expected)


@pytest.mark.parametrize(
    ("answer", "count"),
    [(("a", "b", "c"), 3), (("a",), 1), ("a  b", 2), ("", 0), (None, 0), ((), 0)],
)
def test_count_selected(answer: Value, count: int) -> None:
    expression = parse("count-selected(${m})")
    assert expression.value({"m": answer}) == count
    assert holds("count-selected(${m}) >= 2", {"m": answer}) is (count >= 2)


def test_missing_answers_count_as_unanswered() -> None:
    expression = parse("${q} = ''")
    assert expression.holds({}) is True
    assert expression.holds({"q": None}) is True
    assert expression.holds({"q": "x"}) is False
    assert parse("${q}").value({}) == ""


def test_unanswered_number_comparisons_are_false() -> None:
    for operator in ("=", "<", "<=", ">", ">="):
        assert holds(f"${{age}} {operator} 0", {}) is False, operator
    assert holds("${age} != 0", {}) is True


# ---------------------------------------------------------------------- constraints


@pytest.mark.parametrize(
    ("current", "expected"),
    [(18, True), (120, True), (17, False), (121, False), ("40", True), ("forty", False)],
)
def test_range_constraint_on_current(current: Value, expected: bool) -> None:
    assert holds(". >= 18 and . <= 120", {}, current) is expected


def test_string_length_constraint() -> None:
    expression = parse("string-length(.) <= 200")
    assert expression.holds({}, "x" * 200) is True
    assert expression.holds({}, "x" * 201) is False
    assert parse("string-length(.)").value({}, ("ab", "c")) == 4
    assert parse("string-length(.)").value({}, None) == 0


@pytest.mark.parametrize(
    ("current", "expected"), [("123", True), ("1234", False), ("12a", False), (None, False)]
)
def test_regex_constraint(current: Value, expected: bool) -> None:
    assert holds("regex(., '^[0-9]{3}$')", {}, current) is expected


def test_regex_searches_rather_than_matching_whole() -> None:
    assert holds("regex(., '[0-9]')", {}, "abc1") is True


def test_regex_caps_the_subject() -> None:
    assert holds("regex(., 'y')", {}, "x" * 10_000 + "y") is False
    assert holds("regex(., 'y')", {}, "x" * 9_999 + "y") is True


# ----------------------------------------------------------------------- semantics


def test_number_against_string_compares_numbers() -> None:
    assert holds("${n} = 18", {"n": "18.0"}) is True
    assert holds("${n} > 9", {"n": "10"}) is True
    assert holds("${n} = ${m}", {"n": "18", "m": "18.0"}) is False  # two strings
    assert holds("${n} = ${m}", {"n": 18, "m": "18.0"}) is True  # one number
    assert holds("'10' > '9'", {}) is True  # < and > on strings convert to numbers
    assert holds("'abc' < 'abd'", {}) is False


def test_booleans_win_comparisons() -> None:
    assert holds("true() = 'false'", {}) is True  # non-empty string is true
    assert holds("false() = ''", {}) is True
    assert holds("true() = 2", {}) is True
    assert holds("true() > false()", {}) is True


def test_nan_compares_false_except_not_equal() -> None:
    for operator in ("=", "<", "<=", ">", ">="):
        assert holds(f"number('x') {operator} number('x')") is False, operator
    assert holds("number('x') != number('x')") is True
    assert holds("${n} != 3", {"n": "three"}) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3 = 7", True),
        ("(1 + 2) * 3 = 9", True),
        ("10 - 2 - 3 = 5", True),
        ("12 div 2 div 3 = 2", True),
        ("-2 * 3 = -6", True),
        ("--2 = 2", True),
        ("1 < 2 = true()", True),
        ("not(false()) and true() or false()", True),
        ("false() and true() or true()", True),
        ("false() and (true() or true())", False),
        ("true() or true() and false()", True),
        ("1 = 1 and 2 = 3", False),
    ],
)
def test_precedence(text: str, expected: bool) -> None:
    assert holds(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 div 0", math.inf),
        ("-1 div 0", -math.inf),
        ("1 div -0", -math.inf),
        ("7 mod 3", 1.0),
        ("5 mod -2", 1.0),  # XPath's mod truncates towards zero
        ("-5 mod 2", -1.0),
        ("3.5 + .5", 4.0),
        ("number(' 12 ')", 12.0),
    ],
)
def test_arithmetic(text: str, expected: float) -> None:
    assert parse(text).value({}) == expected


@pytest.mark.parametrize("text", ["0 div 0", "5 mod 0", "number('')", "number('1e3')", "'a' + 1"])
def test_arithmetic_that_has_no_answer_is_nan(text: str) -> None:
    result = parse(text).value({})
    assert isinstance(result, float)
    assert math.isnan(result)
    assert parse(text).holds({}) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string(3)", "3"),
        ("string(2.5)", "2.5"),
        ("string(1 div 0)", "Infinity"),
        ("string(0 div 0)", "NaN"),
        ("string(0.0000001)", "0.0000001"),
        ("string(true())", "true"),
        ("string(${m})", "a b"),
        ("concat(${m}, '-', 3, ${missing})", "a b-3"),
        ("if(${m} = 'a b', 'both', 'not')", "both"),
        ("if(selected(${m}, 'c'), 'c', 'no c')", "no c"),
        ("coalesce(${missing}, 'none given')", "none given"),
        ("coalesce(${m}, 'none given')", "a b"),
        ("coalesce('', '')", ""),
    ],
)
def test_string_results(text: str, expected: str) -> None:
    assert parse(text).value({"m": ("a", "b")}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contains(${t}, 'lake')", True),
        ("contains(${t}, 'Lake')", False),
        ("contains(${t}, '')", True),
        ("contains(${missing}, 'x')", False),
        ("starts-with(${t}, 'near')", True),
        ("starts-with(${t}, 'lake')", False),
        ("int(${n}) = 7", True),
        ("int(-7.9) = -7", True),
        ("int('x') = int('x')", False),  # NaN equals nothing
        ("int(1 div 0) > 1000000", True),
    ],
)
def test_odk_string_and_number_functions(text: str, expected: bool) -> None:
    assert holds(text, {"t": "near the lake", "n": 7.9}) is expected


def test_boolean_of_values() -> None:
    assert holds("${m}", {"m": ("a",)}) is True
    assert holds("${m}", {"m": ()}) is False
    assert holds("${t}", {"t": "0"}) is True  # a non-empty string, not the number zero
    assert holds("${n}", {"n": 0}) is False
    assert holds("${n}", {"n": 0.5}) is True
    assert holds("number('x')", {}) is False


def test_if_only_evaluates_the_chosen_branch() -> None:
    # Nothing raises either way; what matters is which value comes back.
    assert parse("if(true(), 1, 1 div 0)").value({}) == 1
    assert parse("if(false(), 1 div 0, 2)").value({}) == 2


def test_strange_answer_values_do_not_raise() -> None:
    strange: dict[str, object] = {
        "a": 10**400,
        "b": -(10**400),
        "c": ["x", None, 3],
        "d": object(),
        "e": float("nan"),
    }
    expression = parse("${a} > ${b} and ${c} = 'x 3' and string-length(${d}) > 0 and ${e} != 1")
    assert expression.holds(strange) is True  # type: ignore[arg-type]


# --------------------------------------------------------------------------- limits


def test_long_chains_do_not_recurse() -> None:
    assert parse("1" + " * 1" * 499).value({}) == 1
    assert parse("-" * 1999 + "1").value({}) == -1
    assert parse("-" * 1998 + "1").value({}) == 1
    assert parse(" or ".join(["0"] * 300) + " or 1").holds({}) is True


def test_nesting_up_to_the_limit_is_fine() -> None:
    deepest = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert parse(deepest).value({}) == 1
    calls = "not(" * MAX_DEPTH + "0" + ")" * MAX_DEPTH
    assert parse(calls).holds({}) is (MAX_DEPTH % 2 == 1)


def test_the_deepest_expression_leaves_most_of_the_stack_free() -> None:
    # Every precedence level at every nesting level, with nothing short-circuited.
    layer = "0 or 1 and 1 = 1 < 1 + 1 * -("
    worst = layer * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert len(worst) <= MAX_LENGTH
    limit = sys.getrecursionlimit()
    # A caller deep in a bot's handler stack has a few hundred frames left, not a thousand.
    sys.setrecursionlimit(len(inspect.stack()) + 500)
    try:
        expression = parse(worst)
        assert expression.value({}) is False
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
        "not(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
        "(" * 999 + "1" + ")" * 999,
        "not(" * 500,
    ],
)
def test_too_deep(text: str) -> None:
    error = error_for(text)
    assert "nested more than 40 levels" in str(error)
    assert error.position >= MAX_DEPTH


def test_too_long() -> None:
    error = error_for("1" + " + 1" * 500)
    assert "2001 characters long; the limit is 2000" in str(error)
    parse("1" + " + 1" * 499 + "   ")


# ------------------------------------------------------------------------- properties


def test_references() -> None:
    expression = parse("${a} = 1 and selected(${b.c-d}, 'x') or ${a} != ${_e}")
    assert expression.references == frozenset({"a", "b.c-d", "_e"})
    assert parse("1 = 1").references == frozenset()


def test_uses_current() -> None:
    assert parse(". > 3").uses_current is True
    assert parse("string-length(.) < 3").uses_current is True
    assert parse("${a} > 3").uses_current is False
    assert parse("${a} > .5").uses_current is False  # a number, not the current answer


def test_literals_in_order() -> None:
    expression = parse("selected(${m}, 'water') and . >= -18 and . < 3.5 or regex(., \"^a\")")
    assert expression.literals == ("water", -18.0, 3.5, "^a")
    assert parse("${a} = ${b}").literals == ()


def test_expression_keeps_its_text_and_is_a_value() -> None:
    text = "${q}  =  'yes'"
    expression = parse(text)
    assert expression.text == text
    assert expression == Expression(text)
    assert hash(expression) == hash(parse(text))
    with pytest.raises(AttributeError):
        expression.text = "1"  # type: ignore[misc]


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("jr:choice-name(${q}, '${q}')", ['unknown function "jr:choice-name"', "selected"]),
        ("indexed-repeat(${q}, ${g}, 1)", ['unknown function "indexed-repeat"']),
        ("position(..) = 1", ['unknown function "position"']),
        ("once(now())", ['unknown function "once"']),
        ("now() > 0", ['unknown function "now"']),
        ("Selected(${m}, 'x')", ['unknown function "Selected"', "lowercase"]),
        ("/data/q = 'yes'", ['"/data/q"', "${q}"]),
        ("../q = 'yes'", ['"../q"', "${q}"]),
        ("${a} = ./b", ['"./b"']),
        ("$name = 'yes'", ["${name}", "braces"]),
        ("${} = 'yes'", ['empty reference "${}"']),
        ("${q = 'yes'", ['missing "}"']),
        ("${2q} = 1", ['invalid question name "2q"']),
        ("q = 'yes'", ['unexpected name "q"', "${q}"]),
        ("true", ["true()"]),
        ("selected(${m})", ["selected() takes 2 arguments", "given 1"]),
        ("not(1, 2)", ["not() takes 1 argument", "given 2"]),
        ("if(1, 2)", ["if() takes 3 arguments"]),
        ("true(1)", ["true() takes 0 arguments"]),
        ("concat()", ["concat() takes at least 1 argument"]),
        ("regex(., '[0-9')", ['invalid regular expression "[0-9"']),
        ("regex(., 'a{99999999999}')", ["invalid regular expression"]),
        ("regex(., ${p})", ["regex() needs its pattern written in quotes"]),
        ("regex(., 5)", ["regex() needs its pattern written in quotes"]),
        ("", ["empty"]),
        ("   ", ["empty"]),
        ("1 +", ["expected a value", "ended"]),
        ("(1 + 2", ['expected ")"', "ended"]),
        ("concat('a' 'b')", ['expected "," or ")" at character 12']),
        ("1 2", ['unexpected "2" at character 3']),
        ("${a} AND 1", ['"AND"', "lowercase"]),
        ("${a} == 1", ['"=" rather than "=="']),
        ("'unclosed", ["unterminated string"]),
        ("\u2018yes\u2019", ["curly quote"]),
        ("1e5", ['invalid number "1e5"']),
        ("${a} = 1 | 2", ['"|"']),
        ("${a}[1]", ['"["']),
        ("@attr", ['"@"']),
        ("* 2", ['unexpected "*"']),
        ("${a} = ,", ['unexpected ","']),
    ],
)
def test_errors_name_the_problem(text: str, words: list[str]) -> None:
    message = str(error_for(text))
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize(
    ("text", "position"),
    [("1 = 1 )", 6), ("(1 + 2", 6), ("${a} = now()", 7), ("1 = $x", 4), ("'a' = '", 6)],
)
def test_error_positions_are_zero_based(text: str, position: int) -> None:
    error = error_for(text)
    assert error.position == position
    assert f"at character {position + 1}" in str(error) or "ended" in str(error)


def test_the_first_problem_from_the_left_is_reported() -> None:
    assert 'unknown function "now"' in str(error_for("now() = ../x"))


def test_non_text_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError, match="must be text"):
        parse(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- fuzzing

FRAGMENTS = [
    "${a}", "${m}", "${n}", ".", "(", ")", ",", "'water'", '"x"', "''", "1", "2.5", ".5", "0",
    "-", "+", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or", "selected(",
    "count-selected(", "not(", "string-length(", "regex(", "'^[0-9]+$'", "if(", "true()",
    "false()", "number(", "string(", "concat(", "${", "}", "$", "/", "..", "'", "AND", "now(",
]  # fmt: skip
ATOMS = [
    "${a}",
    "${m}",
    "${n}",
    ".",
    "'water'",
    "''",
    "'12'",
    "0",
    "1",
    "-3.5",
    "true()",
    "false()",
]
BINARY = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"]
PATTERNS = ["'^[0-9]{3}$'", "'water'", "''", '"(a|b)+"', "'^\\s*$'"]
UNARY_FUNCTIONS = ["not", "count-selected", "string-length", "number", "string", "-"]


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, op, b: f"({a} {op} {b})", children, st.sampled_from(BINARY), children),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(UNARY_FUNCTIONS), children),
        st.builds(lambda a, b: f"selected({a}, {b})", children, children),
        st.builds(lambda a, p: f"regex({a}, {p})", children, st.sampled_from(PATTERNS)),
        st.builds(lambda c, a, b: f"if({c}, {a}, {b})", children, children, children),
        st.lists(children, min_size=1, max_size=4).map(lambda xs: f"concat({', '.join(xs)})"),
    )


WELL_FORMED = st.recursive(st.sampled_from(ATOMS), _grow, max_leaves=30)
TEXTS = st.one_of(
    st.tuples(st.just(True), WELL_FORMED),
    st.tuples(st.just(False), st.text(max_size=120)),
    st.tuples(st.just(False), st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)),
    st.tuples(st.just(False), st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)),
)
VALUES: st.SearchStrategy[Value] = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["water", "water food", "18", " 7 ", "", "1e3", "NaN", "-0"]),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 0]),
    st.floats(),
    st.lists(st.text(max_size=8), max_size=4).map(tuple),
)
ANSWERS = st.fixed_dictionaries({}, optional={"a": VALUES, "m": VALUES, "n": VALUES})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=TEXTS, answers=ANSWERS, current=VALUES)
def test_fuzz_parse_raises_only_expression_errors_and_evaluation_never_raises(
    case: tuple[bool, str], answers: dict[str, Value], current: Value
) -> None:
    must_parse, text = case
    try:
        expression = parse(text)
    except ExpressionError as error:
        assert not must_parse, (text, str(error))
        assert str(error)
        assert 0 <= error.position <= len(text)
        return
    assert isinstance(expression.holds(answers, current), bool)
    assert isinstance(expression.value(answers, current), str | float | bool)
    assert expression.references <= {"a", "m", "n"}
