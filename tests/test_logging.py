"""Logs never carry secrets, even inside an exception's text."""

from __future__ import annotations

import io
import logging

from bot.log import RedactSecrets

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"


def _capture(*secrets: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(secrets))
    logger = logging.getLogger(f"test.redact.{id(stream)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_the_token_is_redacted_from_messages_and_arguments() -> None:
    logger, stream = _capture(TOKEN)
    logger.info("request to https://api.telegram.org/bot%s/getMe failed", TOKEN)
    logger.info(f"direct https://api.telegram.org/bot{TOKEN}/sendMessage")
    output = stream.getvalue()
    assert TOKEN not in output
    assert output.count("[redacted]") == 2


def test_the_token_is_redacted_from_tracebacks() -> None:
    logger, stream = _capture(TOKEN)
    try:
        raise ConnectionError(f"cannot reach /bot{TOKEN}/getUpdates")
    except ConnectionError:
        logger.exception("network trouble")
    output = stream.getvalue()
    assert "ConnectionError" in output
    assert TOKEN not in output


def test_without_the_filter_the_token_would_show() -> None:
    logger, stream = _capture()
    logger.info("bot%s", TOKEN)
    assert TOKEN in stream.getvalue()
