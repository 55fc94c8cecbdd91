"""The Bot API emulator: an aiohttp server answering the methods peacebot uses, as Telegram does.

It keeps chats, messages and pending updates in memory, validates what Telegram
validates (text length, callback data size, unknown chats, blocked users) and
enforces rate limits with Telegram's own 429 shape (`parameters.retry_after` in
the JSON body). Tests, benchmarks and a demo mode all use it; nothing here talks
to api.telegram.org.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DELETE_BATCH = 100
_TOKEN = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")
# Parameters that clients send as JSON inside form fields.
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "message_ids",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
}
_UPLOAD_FIELDS = {"document", "photo"}


class ApiError(Exception):
    """An error answered exactly as Telegram shapes it."""

    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


_HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
              "blockquote", "tg-spoiler", "span"}  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")


def _check_html(text: str) -> None:
    """Telegram refuses unknown or unbalanced tags and a bare < or &: "can't parse entities"."""
    opened: list[str] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in _HTML_TAGS:
            raise _bad_request(f'can\'t parse entities: unsupported start tag "{name}"')
        if not closing:
            opened.append(name)
        elif not opened or opened.pop() != name:
            raise _bad_request(f'can\'t parse entities: unmatched end tag "{name}"')
    if opened:
        raise _bad_request(f"can't parse entities: can't find end tag for \"{opened[-1]}\"")
    bare = _TAG.sub("", text)
    if "<" in bare or re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", bare):
        raise _bad_request("can't parse entities: unescaped < or &")


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class RateLimits:
    """Token buckets like Telegram's: about 30 messages/s per bot, about 1/s per chat.

    `None` disables a limit. Capacities allow the short bursts Telegram tolerates.
    """

    bot_per_second: float | None = 30.0
    bot_burst: int = 30
    chat_per_second: float | None = 1.0
    chat_burst: int = 5


class _TokenBucket:
    def __init__(self, rate: float, capacity: int):
        self.rate, self.capacity = rate, capacity
        self.tokens, self.updated = float(capacity), time.monotonic()

    def take(self) -> float:
        """Take a token; 0.0 if there was one, else the seconds until there will be."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class EmulatedUser:
    id: int
    first_name: str
    language_code: str | None
    blocked_bot: bool = False

    def as_json(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass
class ChatMessage:
    """A message in a private chat, as the person sees it."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    reply_markup: dict[str, Any] | None = None
    protect_content: bool = False
    disable_notification: bool = False
    document_name: str | None = None
    document_bytes: bytes | None = None
    has_photo: bool = False
    deleted: bool = False
    edited: bool = False

    def buttons(self) -> list[dict[str, Any]]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class CallbackRecord:
    id: str
    user_id: int
    data: str
    answered: bool = False
    answer_text: str | None = None


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    outcome: int  # HTTP status answered (0 while still being handled)
    at: float = 0.0  # time.monotonic() when it arrived
    retry_after: int | None = None  # what a 429 answer asked for


@dataclass
class _ChatState:
    messages: list[ChatMessage] = field(default_factory=list)


class BotApiEmulator:
    """One bot's view of Telegram. Accepts any well-formed token unless given one."""

    def __init__(
        self,
        *,
        token: str | None = None,
        limits: RateLimits | None = None,
        bot_username: str = "peacebot_test_bot",
        bot_name: str = "Peacebot",
    ):
        self.token = token
        self.limits = limits or RateLimits()
        self.bot_username, self.bot_name = bot_username, bot_name
        self.users: dict[int, EmulatedUser] = {}
        self.chats: dict[int, _ChatState] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.calls: list[ApiCall] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url: str | None = None
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: list[str] | None = None
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._last_delivered = 0
        self._changed = asyncio.Condition()
        self._activity: dict[int, int] = {}
        self._bot_bucket: _TokenBucket | None = None
        self._chat_buckets: dict[int, _TokenBucket] = {}
        self._wake_pollers = 0
        self._faults: dict[str, list[ApiError]] = {}
        self.groups: dict[int, EmulatedUser] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._methods: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "close": self._true,
            "logOut": self._true,
        }

    # ------------------------------------------------------------------ server

    @property
    def bot_id(self) -> int:
        if self.token:
            match = _TOKEN.match(self.token)
            if match:
                return int(match.group(1))
        return 100000001

    def application(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on loopback (a free port by default); return the TELEGRAM_API_URL to use."""
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not _TOKEN.match(token) or (self.token is not None and token != self.token):
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        handler = self._methods.get(method)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        try:
            params = await self._read_params(request)
        except ApiError as error:
            return web.json_response(error.body(), status=error.code)
        call = ApiCall(method, params, 0, time.monotonic())
        self.calls.append(call)
        await self._notify()
        try:
            fault = self._faults.get(method)
            if fault:
                raise fault.pop(0)
            result = await handler(params)
        except ApiError as error:
            call.outcome, call.retry_after = error.code, error.retry_after
            return web.json_response(error.body(), status=error.code)
        call.outcome = 200
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _read_params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError:
                raise _bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise _bad_request("the JSON body must be an object")
            params.update(body)
            return params
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    params[key] = (value.filename, value.file.read())
                else:
                    params[key] = value
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except json.JSONDecodeError:
                    raise _bad_request(f"can't parse {key} JSON object") from None
        return params

    # ------------------------------------------------------------- the people

    def add_user(self, user_id: int, first_name: str, language_code: str | None) -> EmulatedUser:
        user = EmulatedUser(user_id, first_name, language_code)
        self.users[user_id] = user
        self.chats.setdefault(user_id, _ChatState())
        return user

    def add_group(self, chat_id: int) -> None:
        """A group chat (negative id) the bot is a member of."""
        self.groups[chat_id] = EmulatedUser(chat_id, "Group", None)
        self.chats.setdefault(chat_id, _ChatState())

    async def user_sends_in_group(self, user_id: int, chat_id: int, text: str) -> int:
        """The person writes in a group the bot is in; returns the update id."""
        user = self.users[user_id]
        message = ChatMessage(next(self._message_ids), chat_id, False, int(time.time()), text)
        self.chats[chat_id].messages.append(message)
        payload: dict[str, Any] = {
            "message_id": message.message_id,
            "from": user.as_json(),
            "chat": {"id": chat_id, "type": "group", "title": "Group"},
            "date": message.date,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.push_update({"message": payload})

    def messages(self, chat_id: int) -> list[ChatMessage]:
        return self.chats[chat_id].messages if chat_id in self.chats else []

    def activity(self, chat_id: int) -> int:
        """A counter that grows whenever the bot does something visible in the chat."""
        return self._activity.get(chat_id, 0)

    @property
    def last_delivered_update_id(self) -> int:
        return self._last_delivered

    async def wait_for(self, predicate: Callable[[], bool], within: float) -> bool:
        """Wait until `predicate()` holds (re-checked on every change); False after `within` s."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), within)
            except TimeoutError:
                return False
        return True

    async def wake_pollers(self) -> None:
        """Answer waiting long polls now (with what is pending, maybe nothing), as Telegram
        does when a poll times out: lets a bot that is stopping stop without the wait."""
        self._wake_pollers += 1
        await self._notify()

    async def _notify(self, chat_id: int | None = None) -> None:
        if chat_id is not None:
            self._activity[chat_id] = self._activity.get(chat_id, 0) + 1
        async with self._changed:
            self._changed.notify_all()

    async def push_update(self, update: dict[str, Any]) -> int:
        """Queue any update, well-formed or not, for the bot's next getUpdates."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        await self._notify()
        return update_id

    def _chat_json(self, user: EmulatedUser) -> dict[str, Any]:
        return {"id": user.id, "type": "private", "first_name": user.first_name}

    async def user_sends(self, user_id: int, **content: Any) -> int:
        """The person sends a message (`text=...`, `sticker=...`); returns the update id."""
        user = self.users[user_id]
        message = ChatMessage(next(self._message_ids), user.id, False, int(time.time()))
        message.text = content.get("text")
        self.chats[user.id].messages.append(message)
        payload: dict[str, Any] = {
            "message_id": message.message_id,
            "from": user.as_json(),
            "chat": self._chat_json(user),
            "date": message.date,
            **content,
        }
        text = content.get("text")
        if isinstance(text, str) and text.startswith("/"):
            command = text.split()[0]
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.push_update({"message": payload})

    async def user_edits(self, user_id: int, message_id: int, text: str) -> int:
        user = self.users[user_id]
        payload = {
            "message_id": message_id,
            "from": user.as_json(),
            "chat": self._chat_json(user),
            "date": int(time.time()) - 1,
            "edit_date": int(time.time()),
            "text": text,
        }
        return await self.push_update({"edited_message": payload})

    async def user_presses(self, user_id: int, message: ChatMessage, data: str) -> int:
        """The person presses a button carrying `data`; returns the update id."""
        user = self.users[user_id]
        callback_id = str(next(self._callback_ids))
        self.callbacks[callback_id] = CallbackRecord(callback_id, user_id, data)
        return await self.push_update(
            {
                "callback_query": {
                    "id": callback_id,
                    "from": user.as_json(),
                    "message": self._message_json(message),
                    "chat_instance": str(user.id),
                    "data": data,
                }
            }
        )

    def fail_next(
        self, method: str, times: int, code: int = 502, description: str = "Bad Gateway"
    ) -> None:
        """The next `times` calls of `method` fail with this error (a 5xx, a 429...), as
        Telegram's servers sometimes do."""
        retry_after = 1 if code == 429 else None
        self._faults.setdefault(method, []).extend(
            ApiError(code, description, retry_after) for _ in range(times)
        )

    def block_bot(self, user_id: int, blocked: bool = True) -> None:
        self.users[user_id].blocked_bot = blocked

    # --------------------------------------------------------------- helpers

    def _message_json(self, message: ChatMessage) -> dict[str, Any]:
        chat = self.users.get(message.chat_id)
        chat_json: dict[str, Any] = {
            "id": message.chat_id,
            "type": "private",
            "first_name": chat.first_name if chat else "?",
        }
        if message.chat_id in self.groups:
            chat_json = {"id": message.chat_id, "type": "group", "title": "Group"}
        payload: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat_json,
        }
        if message.from_bot:
            payload["from"] = self._bot_user()
        elif chat is not None:
            payload["from"] = chat.as_json()
        if message.document_name is not None:
            payload["document"] = {
                "file_id": f"doc{message.message_id}",
                "file_unique_id": f"udoc{message.message_id}",
                "file_name": message.document_name,
                "file_size": len(message.document_bytes or b""),
            }
            if message.text:
                payload["caption"] = message.text
        elif message.has_photo:
            payload["photo"] = [
                {
                    "file_id": f"photo{message.message_id}",
                    "file_unique_id": f"uphoto{message.message_id}",
                    "width": 320,
                    "height": 320,
                }
            ]
            if message.text:
                payload["caption"] = message.text
        elif message.text is not None:
            payload["text"] = message.text
        if message.reply_markup:
            payload["reply_markup"] = message.reply_markup
        if message.protect_content:
            payload["has_protected_content"] = True
        if message.edited:
            payload["edit_date"] = int(time.time())
        return payload

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def _recipient(self, params: dict[str, Any]) -> EmulatedUser:
        raw = params.get("chat_id")
        try:
            chat_id = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _bad_request("chat not found") from None
        user = self.users.get(chat_id) or self.groups.get(chat_id)
        if user is None:
            raise _bad_request("chat not found")
        if user.blocked_bot:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return user

    def _throttle(self, chat_id: int) -> None:
        limits = self.limits
        if limits.bot_per_second is not None:
            if self._bot_bucket is None:
                self._bot_bucket = _TokenBucket(limits.bot_per_second, limits.bot_burst)
            wait = self._bot_bucket.take()
            if wait > 0:
                raise self._too_many(wait)
        if limits.chat_per_second is not None:
            bucket = self._chat_buckets.setdefault(
                chat_id, _TokenBucket(limits.chat_per_second, limits.chat_burst)
            )
            wait = bucket.take()
            if wait > 0:
                raise self._too_many(wait)

    @staticmethod
    def _too_many(wait: float) -> ApiError:
        retry_after = max(1, int(wait + 0.999))
        return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @staticmethod
    def _flag(params: dict[str, Any], name: str) -> bool:
        value = params.get(name)
        return value is True or (isinstance(value, str) and value.lower() == "true")

    @staticmethod
    def _visible_text(text: str, parse_mode: Any) -> str:
        if parse_mode == "HTML":
            _check_html(text)
            return html.unescape(re.sub(r"<[^>]+>", "", text))
        return text

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise _bad_request("BUTTON_TEXT_EMPTY")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                    raise _bad_request("BUTTON_DATA_INVALID")
        return markup

    def _find_message(self, params: dict[str, Any], missing: str) -> ChatMessage:
        user = self._recipient(params)
        try:
            message_id = int(params.get("message_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _bad_request(missing) from None
        for message in self.chats[user.id].messages:
            if message.message_id == message_id and not message.deleted:
                return message
        raise _bad_request(missing)

    # --------------------------------------------------------------- methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, min(50.0, float(params.get("timeout") or 0)))
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            self._allowed_updates = list(params["allowed_updates"]) or None
        if offset:
            # Telegram forgets every update below the offset: they are confirmed.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        woken = self._wake_pollers
        await self.wait_for(lambda: bool(self._pending()) or self._wake_pollers != woken, timeout)
        batch = self._pending()[:limit]
        if batch:
            self._last_delivered = max(self._last_delivered, batch[-1]["update_id"])
            await self._notify()
        return batch

    async def hand_over(self, within: float) -> list[dict[str, Any]]:
        """The updates waiting, handed over and forgotten at once, as Telegram posts them to
        a webhook: for tests that spread them over several bot processes (getUpdates would
        give each poller the same ones)."""
        await self.wait_for(lambda: bool(self._pending()), within)
        batch = self._pending()
        if batch:
            taken = {u["update_id"] for u in batch}
            self._updates = [u for u in self._updates if u["update_id"] not in taken]
            self._last_delivered = max(self._last_delivered, batch[-1]["update_id"])
            await self._notify()
        return batch

    def _pending(self) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        if allowed is None:
            return self._updates
        return [u for u in self._updates if any(kind in u for kind in allowed)]

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = None
        if self._flag(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url or None
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self._recipient(params)
        text = self._visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise _bad_request("message text is empty")
        if len(text) > MAX_TEXT:
            raise _bad_request("message is too long")
        markup = self._check_markup(params.get("reply_markup"))
        self._throttle(user.id)
        message = ChatMessage(
            next(self._message_ids),
            user.id,
            True,
            int(time.time()),
            text=text,
            reply_markup=markup,
            protect_content=self._flag(params, "protect_content"),
            disable_notification=self._flag(params, "disable_notification"),
        )
        self.chats[user.id].messages.append(message)
        await self._notify(user.id)
        return self._message_json(message)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_file(params, "document")

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        return await self._send_file(params, "photo")

    async def _send_file(self, params: dict[str, Any], kind: str) -> dict[str, Any]:
        user = self._recipient(params)
        upload = params.get(kind)
        if isinstance(upload, str) and upload.startswith("attach://"):
            upload = params.get(upload.removeprefix("attach://"))
        if not isinstance(upload, tuple):
            raise _bad_request(f"there is no {kind} in the request")
        caption = self._visible_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if len(caption) > MAX_CAPTION:
            raise _bad_request("message caption is too long")
        markup = self._check_markup(params.get("reply_markup"))
        self._throttle(user.id)
        filename, content = upload
        message = ChatMessage(
            next(self._message_ids),
            user.id,
            True,
            int(time.time()),
            text=caption or None,
            reply_markup=markup,
            protect_content=self._flag(params, "protect_content"),
            disable_notification=self._flag(params, "disable_notification"),
            document_name=filename if kind == "document" else None,
            document_bytes=content,
            has_photo=kind == "photo",
        )
        self.chats[user.id].messages.append(message)
        await self._notify(user.id)
        return self._message_json(message)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise _bad_request("inline messages are not emulated")
        message = self._find_message(params, "message to edit not found")
        text = self._visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise _bad_request("message text is empty")
        if len(text) > MAX_TEXT:
            raise _bad_request("MESSAGE_TOO_LONG")
        markup = self._check_markup(params.get("reply_markup"))
        if text == message.text and markup == message.reply_markup:
            raise _bad_request(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        self._throttle(message.chat_id)
        message.text, message.reply_markup, message.edited = text, markup, True
        await self._notify(message.chat_id)
        return self._message_json(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find_message(params, "message to edit not found")
        markup = self._check_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise _bad_request("message is not modified")
        message.reply_markup, message.edited = markup, True
        await self._notify(message.chat_id)
        return self._message_json(message)

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        record = self.callbacks.get(str(params.get("callback_query_id")))
        if record is None or record.answered:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        record.answered, record.answer_text = True, params.get("text")
        await self._notify(record.user_id)
        return True

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._find_message(params, "message to delete not found")
        message.deleted = True
        await self._notify(message.chat_id)
        return True

    async def _delete_messages(self, params: dict[str, Any]) -> bool:
        user = self._recipient(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= MAX_DELETE_BATCH:
            raise _bad_request("message_ids must be a list of 1 to 100 identifiers")
        wanted = {int(i) for i in ids}
        for message in self.chats[user.id].messages:
            if message.message_id in wanted:
                message.deleted = True
        await self._notify(user.id)
        return True

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("commands must be a list of at most 100 commands")
        for command in commands:
            if not re.match(r"^[a-z0-9_]{1,32}$", str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._scope_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True
