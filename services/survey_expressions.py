"""A safe parser and evaluator for XLSForm `relevant` and `constraint` expressions (no eval)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TypeAlias

MAX_LENGTH = 2000
MAX_DEPTH = 40
# Participants type the subject; a cap keeps a slow pattern from running for long.
MAX_REGEX_SUBJECT = 10_000

Value: TypeAlias = str | int | float | tuple[str, ...] | None
# Inside the evaluator numbers are always float and booleans are XPath booleans.
_Val: TypeAlias = str | float | bool | tuple[str, ...] | None

# Function name -> (fewest, most) arguments; None means any number.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "not": (1, 1),
    "string-length": (1, 1),
    "regex": (2, 2),
    "if": (3, 3),
    "true": (0, 0),
    "false": (0, 0),
    "number": (1, 1),
    "string": (1, 1),
    "concat": (1, None),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "coalesce": (2, 2),
    "int": (1, 1),
}
_KEYWORDS = ("and", "or", "div", "mod")
_EQUALITY = frozenset({"=", "!="})
_RELATIONAL = frozenset({"<", "<=", ">", ">="})
# Binding strength, weakest first, as in XPath 1.0.
_PRECEDENCE = {
    "or": 1,
    "and": 2,
    **dict.fromkeys(_EQUALITY, 3),
    **dict.fromkeys(_RELATIONAL, 4),
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
}

# ':' is accepted so that e.g. "jr:choice-name" is reported as one unknown function.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_REFERENCE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_NUMBER_TAIL = re.compile(r"[A-Za-z0-9_.]+")
_PATH = re.compile(r"[^\s()\[\],=!<>+*|'\"]*")
# XPath 1.0 number(): no exponent, no sign other than a leading minus.
_NUMERIC_TEXT = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
_CURLY_QUOTES = "\u2018\u2019\u201c\u201d"


class ExpressionError(Exception):
    """A problem a form writer can fix; str(error) says what, in plain English."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.position = position


def _at(position: int) -> str:
    # Messages count characters from 1, as people do; `position` stays 0-based.
    return f"at character {position + 1}"


# ----------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, ref, dot, lparen, rparen, comma, op, name, end
    text: str
    position: int
    value: str | float = ""


def _shown(character: str) -> str:
    return f'"{character}"' if character.isprintable() else f"U+{ord(character):04X}"


def _path_error(text: str, start: int) -> ExpressionError:
    match = _PATH.match(text, start)
    path = match.group() if match else text[start]
    last = path.rstrip("/").rsplit("/", 1)[-1]
    hint = (
        f"refer to the question as ${{{last}}}"
        if _REFERENCE_NAME.fullmatch(last)
        else "refer to questions as ${name}"
    )
    return ExpressionError(f'paths like "{path}" are not supported ({_at(start)}); {hint}', start)


def _tokenize(text: str) -> Iterator[_Token]:
    """Lazily, so that the first problem reported is the leftmost one."""
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "'\"":
            end = text.find(char, i + 1)
            if end < 0:
                raise ExpressionError(f"unterminated string starting {_at(i)}", i)
            yield _Token("string", text[i : end + 1], i, text[i + 1 : end])
            i = end + 1
            continue
        if char in _CURLY_QUOTES:
            raise ExpressionError(
                f"curly quote {_shown(char)} {_at(i)}; use straight quotes ' or \"", i
            )
        if char == "$":
            if not text.startswith("${", i):
                match = _REFERENCE_NAME.match(text, i + 1)
                name = match.group() if match else "name"
                raise ExpressionError(f"write ${{{name}}} with braces, not ${name} ({_at(i)})", i)
            close = text.find("}", i + 2)
            if close < 0:
                raise ExpressionError(f'missing "}}" after "${{" {_at(i)}', i)
            name = text[i + 2 : close]
            if not name:
                raise ExpressionError(f'empty reference "${{}}" {_at(i)}; name a question', i)
            if not _REFERENCE_NAME.fullmatch(name):
                raise ExpressionError(
                    f'invalid question name "{name}" in ${{...}} {_at(i)}; names start with a'
                    " letter or _ and contain only letters, digits, _, - and .",
                    i,
                )
            yield _Token("ref", text[i : close + 1], i, name)
            i = close + 1
            continue
        number = _NUMBER.match(text, i)
        if number:
            tail = _NUMBER_TAIL.match(text, number.end())
            if tail:
                raise ExpressionError(
                    f'invalid number "{number.group()}{tail.group()}" {_at(i)}', i
                )
            yield _Token("number", number.group(), i, float(number.group()))
            i = number.end()
            continue
        if char == ".":
            if text.startswith("..", i) or text.startswith("./", i):
                raise _path_error(text, i)
            yield _Token("dot", ".", i)
            i += 1
            continue
        if char == "/":
            raise _path_error(text, i)
        name_match = _NAME.match(text, i)
        if name_match:
            word = name_match.group()
            if "/" in text[name_match.end() : name_match.end() + 1]:
                raise _path_error(text, i)
            yield _Token("name", word, i, word)
            i = name_match.end()
            continue
        if char in "(),":
            kind = {"(": "lparen", ")": "rparen", ",": "comma"}[char]
            yield _Token(kind, char, i)
            i += 1
            continue
        two = text[i : i + 2]
        if two in ("!=", "<=", ">="):
            yield _Token("op", two, i)
            i += 2
            continue
        if two == "==":
            raise ExpressionError(f'use "=" rather than "==" {_at(i)}', i)
        if char in "=<>+-*":
            yield _Token("op", char, i)
            i += 1
            continue
        if char == "!":
            raise ExpressionError(f'unexpected "!" {_at(i)}; use "!=" or not(...)', i)
        if char == "&":
            raise ExpressionError(f'unexpected "&" {_at(i)}; use "and"', i)
        if char == "|":
            raise ExpressionError(f'unexpected "|" {_at(i)}; use "or"', i)
        raise ExpressionError(f"unexpected character {_shown(char)} {_at(i)}", i)
    yield _Token("end", "", length)


# -------------------------------------------------------------------------------- AST


@dataclass(frozen=True)
class _Constant:
    value: str | float


@dataclass(frozen=True)
class _Reference:
    name: str


@dataclass(frozen=True)
class _Current:
    pass


@dataclass(frozen=True)
class _Negate:
    operand: _Node
    # An even run of minus signs still converts to a number, as in XPath.
    negative: bool


@dataclass(frozen=True)
class _Logical:
    operator: str  # "and" or "or"
    operands: tuple[_Node, ...]


@dataclass(frozen=True)
class _Binary:
    # A flat left-to-right chain, so "1 + 1 + ... + 1" costs no recursion depth.
    first: _Node
    rest: tuple[tuple[str, _Node], ...]


@dataclass(frozen=True)
class _Call:
    function: str
    arguments: tuple[_Node, ...]


_Node: TypeAlias = _Constant | _Reference | _Current | _Negate | _Logical | _Binary | _Call


def _children(node: _Node) -> Sequence[_Node]:
    if isinstance(node, _Negate):
        return (node.operand,)
    if isinstance(node, _Logical):
        return node.operands
    if isinstance(node, _Binary):
        return (node.first, *(operand for _, operand in node.rest))
    if isinstance(node, _Call):
        return node.arguments
    return ()


def _walk(root: _Node) -> Iterator[_Node]:
    """Every node in source order, without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(_children(node)))


# ----------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.current = next(self.tokens)
        self.depth = 0

    def peek(self) -> _Token:
        return self.current

    def advance(self) -> _Token:
        token = self.current
        if token.kind != "end":
            self.current = next(self.tokens)
        return token

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"the expression is nested more than {MAX_DEPTH} levels deep"
                f" ({_at(token.position)})",
                token.position,
            )

    def parse(self) -> _Node:
        if self.peek().kind == "end":
            raise ExpressionError("the expression is empty", 0)
        node = self.expression()
        token = self.peek()
        if token.kind != "end":
            raise self.unexpected(token, "expected an operator such as and, or, = or +")
        return node

    def unexpected(self, token: _Token, expectation: str) -> ExpressionError:
        if token.kind == "name" and token.text.lower() in _KEYWORDS and token.text not in _KEYWORDS:
            return ExpressionError(
                f'unexpected "{token.text}" {_at(token.position)}; keywords are'
                f' lowercase: write "{token.text.lower()}"',
                token.position,
            )
        if token.kind == "end":
            return ExpressionError(f"{expectation}, but the expression ended", token.position)
        return ExpressionError(
            f'unexpected "{token.text}" {_at(token.position)}; {expectation}', token.position
        )

    def expression(self, weakest: int = 1) -> _Node:
        """Precedence climbing: a few stack frames per nesting level, not one per level of
        precedence, so the deepest allowed expression stays far from the recursion limit."""
        left = self.unary()
        while (level := self.binding()) >= weakest:
            rest: list[tuple[str, _Node]] = []
            while self.binding() == level:
                operator = self.advance().text
                rest.append((operator, self.expression(level + 1)))
            if level <= _PRECEDENCE["and"]:
                left = _Logical(rest[0][0], (left, *(operand for _, operand in rest)))
            else:
                left = _Binary(left, tuple(rest))
        return left

    def binding(self) -> int:
        """How tightly the next token binds as a binary operator; 0 if it is not one."""
        token = self.peek()
        if token.kind in ("op", "name"):
            return _PRECEDENCE.get(token.text, 0)
        return 0

    def unary(self) -> _Node:
        # Counted in a loop: a long run of minus signs must not recurse.
        negations = 0
        while self.peek().kind == "op" and self.peek().text == "-":
            self.advance()
            negations += 1
        operand = self.primary()
        if not negations:
            return operand
        negative = negations % 2 == 1
        if isinstance(operand, _Constant) and isinstance(operand.value, float):
            # Folded so that `literals` offers -5 rather than 5 for "-5".
            return _Constant(-operand.value if negative else operand.value)
        return _Negate(operand, negative)

    def primary(self) -> _Node:
        token = self.advance()
        if token.kind == "number" or token.kind == "string":
            return _Constant(token.value)
        if token.kind == "ref":
            return _Reference(str(token.value))
        if token.kind == "dot":
            return _Current()
        if token.kind == "lparen":
            self.enter(token)
            node = self.expression()
            self.close(token, "")
            self.depth -= 1
            return node
        if token.kind == "name":
            if self.peek().kind == "lparen":
                return self.call(token)
            if token.text in FUNCTIONS:
                hint = f"did you mean {token.text}()?"
            elif token.text in _KEYWORDS or token.text.lower() in _KEYWORDS:
                hint = "expected a value before it"
            else:
                hint = f"refer to a question as ${{{token.text}}}"
            raise ExpressionError(
                f'unexpected name "{token.text}" {_at(token.position)}; {hint}', token.position
            )
        raise self.unexpected(token, "expected a value")

    def close(self, opening: _Token, alternatives: str) -> None:
        token = self.peek()
        if token.kind == "rparen":
            self.advance()
            return
        wanted = f'{alternatives}")"'
        if token.kind == "end":
            raise ExpressionError(
                f'expected {wanted} to close the "(" {_at(opening.position)},'
                " but the expression ended",
                token.position,
            )
        raise ExpressionError(
            f'expected {wanted} {_at(token.position)}, found "{token.text}"', token.position
        )

    def call(self, name: _Token) -> _Node:
        function = name.text
        if function not in FUNCTIONS:
            supported = ", ".join(FUNCTIONS)
            if function.lower() in FUNCTIONS:
                problem = f'unknown function "{function}" (function names are lowercase)'
            else:
                problem = f'unknown function "{function}"'
            raise ExpressionError(
                f"{problem} {_at(name.position)}; supported: {supported}", name.position
            )
        opening = self.advance()
        self.enter(opening)
        arguments: list[_Node] = []
        starts: list[int] = []
        if self.peek().kind != "rparen":
            starts.append(self.peek().position)
            arguments.append(self.expression())
            while self.peek().kind == "comma":
                self.advance()
                starts.append(self.peek().position)
                arguments.append(self.expression())
        self.close(opening, '"," or ' if arguments else "")
        self.depth -= 1
        fewest, most = FUNCTIONS[function]
        if len(arguments) < fewest or (most is not None and len(arguments) > most):
            if most is None:
                wanted = f"at least {fewest} argument{'s' if fewest != 1 else ''}"
            else:
                wanted = f"{fewest} argument{'s' if fewest != 1 else ''}"
            raise ExpressionError(
                f"{function}() takes {wanted}, but was given {len(arguments)}"
                f" ({_at(name.position)})",
                name.position,
            )
        if function == "regex":
            pattern = arguments[1]
            # Only a written pattern: one taken from an answer would let a participant choose
            # a pattern that backtracks for minutes.
            if not (isinstance(pattern, _Constant) and isinstance(pattern.value, str)):
                raise ExpressionError(
                    f"regex() needs its pattern written in quotes ({_at(starts[1])})", starts[1]
                )
            _check_pattern(pattern.value, starts[1])
        return _Call(function, tuple(arguments))


def _check_pattern(pattern: str, position: int) -> None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError) as error:
        detail = error.msg if isinstance(error, re.error) else str(error)
        raise ExpressionError(
            f'invalid regular expression "{pattern}" {_at(position)}: {detail}', position
        ) from None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


# -------------------------------------------------------------------------- evaluator


def _text_of(item: object) -> str:
    if isinstance(item, str):
        return item
    try:
        return str(item)
    except Exception:
        # Evaluation promises never to raise, whatever the caller put in the answers.
        return ""


def _normalise(value: object) -> _Val:
    if value is None or isinstance(value, str | bool | float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, tuple | list | set | frozenset):
        return tuple(_text_of(item) for item in value if item is not None)
    return _text_of(value)


def _format_number(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    # Plain digits as XPath writes them ("0.0000001", "3"), not "1e-07" or "3.0".
    text = format(Decimal(repr(number)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _string(value: _Val) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _format_number(value)
    if isinstance(value, tuple):
        return " ".join(value)
    return value


def _number(value: _Val) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = _string(value)
    if _NUMERIC_TEXT.fullmatch(text):
        return float(text)
    return math.nan


def _boolean(value: _Val) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    return len(value) > 0


def _relate(operator: str, left: float | str, right: float | str) -> bool:
    if operator == "=":
        return left == right
    if operator == "!=":
        return left != right
    if isinstance(left, str) or isinstance(right, str):
        return False
    if operator == "<":
        return left < right
    if operator == "<=":
        return left <= right
    if operator == ">":
        return left > right
    return left >= right


def _compare(operator: str, left: _Val, right: _Val) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        if operator in _EQUALITY:
            return _relate(operator, float(_boolean(left)), float(_boolean(right)))
        return _relate(operator, _number(left), _number(right))
    if isinstance(left, float) or isinstance(right, float) or operator in _RELATIONAL:
        return _relate(operator, _number(left), _number(right))
    return _relate(operator, _string(left), _string(right))


def _divide(left: float, right: float) -> float:
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        return math.copysign(math.inf, left) * math.copysign(1.0, right)
    return left / right


def _arithmetic(operator: str, left: _Val, right: _Val) -> float:
    x, y = _number(left), _number(right)
    if operator == "+":
        return x + y
    if operator == "-":
        return x - y
    if operator == "*":
        return x * y
    if operator == "div":
        return _divide(x, y)
    try:
        # XPath's mod truncates towards zero, like fmod, not like Python's %.
        return math.fmod(x, y)
    except ValueError:
        return math.nan


def _selected(answer: _Val, choice: _Val) -> bool:
    name = _string(choice).strip()
    if answer is None or not name:
        return False
    if isinstance(answer, tuple):
        return name in answer
    return name in _string(answer).split()


def _count_selected(answer: _Val) -> float:
    if answer is None:
        return 0.0
    if isinstance(answer, tuple):
        return float(len(answer))
    return float(len(_string(answer).split()))


def _regex(subject: _Val, pattern: _Val) -> bool:
    compiled = _compiled(_string(pattern))
    if compiled is None:
        return False
    return compiled.search(_string(subject)[:MAX_REGEX_SUBJECT]) is not None


def _apply(function: str, arguments: list[_Val]) -> _Val:
    if function == "selected":
        return _selected(arguments[0], arguments[1])
    if function == "count-selected":
        return _count_selected(arguments[0])
    if function == "not":
        return not _boolean(arguments[0])
    if function == "string-length":
        return float(len(_string(arguments[0])))
    if function == "regex":
        return _regex(arguments[0], arguments[1])
    if function == "true":
        return True
    if function == "false":
        return False
    if function == "number":
        return _number(arguments[0])
    if function == "string":
        return _string(arguments[0])
    if function == "contains":
        return _string(arguments[1]) in _string(arguments[0])
    if function == "starts-with":
        return _string(arguments[0]).startswith(_string(arguments[1]))
    if function == "coalesce":  # the first that is not empty (ODK)
        return arguments[0] if _string(arguments[0]) != "" else arguments[1]
    if function == "int":  # the whole part: towards zero, as ODK does
        number = _number(arguments[0])
        return float(math.trunc(number)) if math.isfinite(number) else number
    return "".join(_string(argument) for argument in arguments)  # concat


def _evaluate(node: _Node, answers: Mapping[str, Value], current: Value) -> _Val:
    # One frame per node: the parser bounds the depth, so this cannot run out of stack.
    if isinstance(node, _Constant):
        return node.value
    if isinstance(node, _Reference):
        return _normalise(answers.get(node.name))
    if isinstance(node, _Current):
        return _normalise(current)
    if isinstance(node, _Negate):
        number = _number(_evaluate(node.operand, answers, current))
        return -number if node.negative else number
    if isinstance(node, _Logical):
        # Short-circuits, as XPath does.
        wanted = node.operator == "or"
        for operand in node.operands:
            if _boolean(_evaluate(operand, answers, current)) == wanted:
                return wanted
        return not wanted
    if isinstance(node, _Binary):
        result = _evaluate(node.first, answers, current)
        for operator, operand in node.rest:
            right = _evaluate(operand, answers, current)
            if operator in _EQUALITY or operator in _RELATIONAL:
                result = _compare(operator, result, right)
            else:
                result = _arithmetic(operator, result, right)
        return result
    if node.function == "if":
        condition = _boolean(_evaluate(node.arguments[0], answers, current))
        chosen = node.arguments[1] if condition else node.arguments[2]
        return _evaluate(chosen, answers, current)
    return _apply(node.function, [_evaluate(a, answers, current) for a in node.arguments])


# ---------------------------------------------------------------------------- public


@dataclass(frozen=True)
class Expression:
    """A parsed expression; `Expression(text)` parses, like `parse(text)`."""

    text: str
    _root: _Node = field(init=False, repr=False, compare=False)
    _references: frozenset[str] = field(init=False, repr=False, compare=False)
    _uses_current: bool = field(init=False, repr=False, compare=False)
    _literals: tuple[str | float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        root = _parse_tree(self.text)
        nodes = list(_walk(root))
        object.__setattr__(self, "_root", root)
        object.__setattr__(
            self,
            "_references",
            frozenset(n.name for n in nodes if isinstance(n, _Reference)),
        )
        object.__setattr__(self, "_uses_current", any(isinstance(n, _Current) for n in nodes))
        object.__setattr__(
            self, "_literals", tuple(n.value for n in nodes if isinstance(n, _Constant))
        )

    @property
    def references(self) -> frozenset[str]:
        """The question names used as ${name}."""
        return self._references

    @property
    def uses_current(self) -> bool:
        """Whether "." (the answer being checked) appears."""
        return self._uses_current

    @property
    def literals(self) -> tuple[str | float, ...]:
        """String and number literals in source order; numbers are floats."""
        return self._literals

    def value(self, answers: Mapping[str, Value], current: Value = None) -> str | float | bool:
        """The raw result: unanswered is "", a multiple choice is its names joined by spaces."""
        try:
            result = _evaluate(self._root, answers, current)
        except RecursionError:
            # Unreachable from a normal stack; kept so a deep caller never sees a crash.
            return ""
        if result is None or isinstance(result, tuple):
            return _string(result)
        return result

    def holds(self, answers: Mapping[str, Value], current: Value = None) -> bool:
        """XPath boolean() of the result: what `relevant` and `constraint` need."""
        try:
            return _boolean(_evaluate(self._root, answers, current))
        except RecursionError:
            return False


def _parse_tree(text: str) -> _Node:
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    try:
        return _Parser(text).parse()
    except RecursionError:
        # The depth limit should make this unreachable; never let it escape regardless.
        raise ExpressionError(
            f"the expression is nested more than {MAX_DEPTH} levels deep"
        ) from None


def parse(text: str) -> Expression:
    """Parse an XLSForm expression; raises ExpressionError saying what to fix."""
    return Expression(text)
