"""Bot API methods of the fake: each takes the state, the decoded params and the uploaded files
and returns the ``result`` or raises :class:`ApiError`. :func:`dispatch` adds faults and records
the call."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from typing import Any

from .model import Call, Fault, UploadedFile
from .state import FakeState
from .validate import (
    CHAT_ACTIONS,
    ApiError,
    bad_request,
    check_commands,
    check_inline_results,
    check_reply_markup,
    flag,
    normalize_params,
    parse_text,
    scope_key,
)

Params = dict[str, Any]
Files = dict[str, UploadedFile]
Method = Callable[[FakeState, Params, Files], Any]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup of the "
    "specified old message are exactly the same"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _chat_id(st: FakeState, p: Params) -> int:
    value = p.get("chat_id")
    if value in (None, ""):
        raise bad_request("chat_id is empty")
    if not isinstance(value, int) or value not in st.known_chats():
        raise bad_request("chat not found")
    return value


def _own_message(st: FakeState, p: Params, missing: str) -> Any:
    chat_id = _chat_id(st, p)
    try:
        msg = st.message(chat_id, int(p.get("message_id", 0)))
    except (KeyError, ValueError):
        raise bad_request(missing) from None
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    return msg


def get_me(st: FakeState, p: Params, f: Files) -> Any:
    return st.bot_user


def delete_webhook(st: FakeState, p: Params, f: Files) -> Any:
    st.webhook = {}
    if flag(p, "drop_pending_updates"):
        st.drop_pending_updates()
    return True


def set_webhook(st: FakeState, p: Params, f: Files) -> Any:
    url = str(p.get("url") or "")
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    st.webhook = {"url": url, "secret_token": str(p.get("secret_token") or "")}
    return True


def get_webhook_info(st: FakeState, p: Params, f: Files) -> Any:
    url = getattr(st, "webhook", {}).get("url", "")
    return {"url": url, "has_custom_certificate": False, "pending_update_count": 0}


def get_updates(st: FakeState, p: Params, f: Files) -> Any:
    offset = p.get("offset")
    limit = int(p.get("limit", 100))
    allowed = p.get("allowed_updates")
    return st.poll_updates(
        offset if isinstance(offset, int) else None,
        limit,
        float(p.get("timeout", 0) or 0),
        allowed if isinstance(allowed, list) else None,
    )


def send_message(st: FakeState, p: Params, f: Files) -> Any:
    chat_id = _chat_id(st, p)
    text, entities = parse_text(
        p.get("text"),
        p.get("parse_mode"),
        p.get("entities"),
        strict_ampersand=st.strict_ampersand,
    )
    markup = check_reply_markup(p.get("reply_markup"))
    msg = st.store_message(
        chat_id,
        from_bot=True,
        text=text,
        source=p.get("text"),
        entities=entities,
        reply_markup=markup,
    )
    st.log_message("bot", msg)
    return st.message_json(msg)


def edit_message_text(st: FakeState, p: Params, f: Files) -> Any:
    text, entities = parse_text(
        p.get("text"),
        p.get("parse_mode"),
        p.get("entities"),
        strict_ampersand=st.strict_ampersand,
    )
    markup = check_reply_markup(p.get("reply_markup"))
    if p.get("inline_message_id"):
        return True
    with st.lock:
        msg = _own_message(st, p, "message to edit not found")
        if msg.document is not None:
            raise bad_request("there is no text in the message to edit")
        if (text, entities, markup) == (msg.text, msg.entities, msg.reply_markup):
            raise bad_request(NOT_MODIFIED)
        msg.text, msg.source, msg.entities = text, p.get("text"), entities
        msg.reply_markup = markup  # an edit without reply_markup removes the keyboard
        msg.edit_count += 1
        st.log_message(f"bot (edited #{msg.message_id})", msg)
        return st.message_json(msg)


def edit_message_reply_markup(st: FakeState, p: Params, f: Files) -> Any:
    markup = check_reply_markup(p.get("reply_markup"))
    if p.get("inline_message_id"):
        return True
    with st.lock:
        msg = _own_message(st, p, "message to edit not found")
        if markup == msg.reply_markup:
            raise bad_request(NOT_MODIFIED)
        msg.reply_markup = markup
        msg.edit_count += 1
        st.log_markup(msg)
        return st.message_json(msg)


def delete_message(st: FakeState, p: Params, f: Files) -> Any:
    chat_id = _chat_id(st, p)
    with st.lock:
        messages = st._messages.get(chat_id, {})
        if messages.pop(int(p.get("message_id", 0)), None) is None:
            raise bad_request("message to delete not found")
        st._log_lines(chat_id, [f"bot (deleted #{p.get('message_id')})"])
    return True


def answer_callback_query(st: FakeState, p: Params, f: Files) -> Any:
    with st.lock:
        query = st._callbacks.get(str(p.get("callback_query_id")))
        if query is None or query["answered"]:
            raise bad_request(QUERY_TOO_OLD)
        text = str(p.get("text") or "")
        if len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query["answered"] = True
        if text and query.get("chat_id") is not None:
            kind = "alert" if flag(p, "show_alert") else "toast"
            st._log_lines(query["chat_id"], [f"bot ({kind}): {text}"])
    return True


def answer_inline_query(st: FakeState, p: Params, f: Files) -> Any:
    results = check_inline_results(p.get("results"))
    with st.lock:
        query = st._inline.get(str(p.get("inline_query_id")))
        if query is None or query["answered"]:
            raise bad_request(QUERY_TOO_OLD)
        query["answered"] = True
        query["results"] = results
    return True


def send_document(st: FakeState, p: Params, f: Files) -> Any:
    chat_id = _chat_id(st, p)
    document = p.get("document")
    if isinstance(document, str) and document.startswith("attach://"):
        upload = f.get(document[len("attach://") :])
    else:
        upload = f.get("document")
    if upload is None and not document:
        raise bad_request("there is no document in the request")
    if upload is not None and not upload.data:
        raise bad_request("file must be non-empty")
    caption, entities = parse_text(
        p.get("caption"),
        p.get("parse_mode"),
        p.get("caption_entities"),
        caption=True,
        strict_ampersand=st.strict_ampersand,
    )
    markup = check_reply_markup(p.get("reply_markup"))
    if upload is not None:
        name = upload.filename or "document"
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data: bytes | None = upload.data
        doc = {"file_name": name, "mime_type": mime, "file_size": len(upload.data)}
    else:
        data, doc = None, {"file_name": None, "file_size": 0}
    seq = int(time.monotonic_ns() % 10**12)
    doc.update(file_id=f"BQACAgFAKE{seq}", file_unique_id=f"AgADFAKE{seq}")
    msg = st.store_message(
        chat_id,
        from_bot=True,
        text=caption,
        source=p.get("caption"),
        entities=entities,
        reply_markup=markup,
        document=doc,
        document_bytes=data,
    )
    st.log_message("bot", msg)
    return st.message_json(msg)


def send_chat_action(st: FakeState, p: Params, f: Files) -> Any:
    _chat_id(st, p)
    if p.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _commands_key(p: Params) -> tuple[str, str]:
    return scope_key(p.get("scope")), str(p.get("language_code") or "")


def set_my_commands(st: FakeState, p: Params, f: Files) -> Any:
    commands = check_commands(p.get("commands"))
    with st.lock:
        st._commands[_commands_key(p)] = commands
    return True


def delete_my_commands(st: FakeState, p: Params, f: Files) -> Any:
    with st.lock:
        st._commands.pop(_commands_key(p), None)
    return True


def get_my_commands(st: FakeState, p: Params, f: Files) -> Any:
    return st.commands(*_commands_key(p))


_ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
    "can_edit_stories", "can_delete_stories",
)


def get_chat_member(st: FakeState, p: Params, f: Files) -> Any:
    """A ChatMember of the status set with ``set_member_status`` (with the fields Telegram sends)."""
    chat_id = _chat_id(st, p)
    try:
        user_id = int(p.get("user_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise bad_request("invalid user_id specified") from None
    status = st.member_status(chat_id, user_id)
    member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "Ann"}}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False, **dict.fromkeys(_ADMIN_RIGHTS, True)})
    elif status == "restricted":
        member.update({"is_member": True, "until_date": 0, **{
            name: False for name in (
                "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
                "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag",
                "can_react_to_messages",
            )
        }})
    elif status == "kicked":
        member["until_date"] = 0
    return member


def true(st: FakeState, p: Params, f: Files) -> Any:
    return True


METHODS: dict[str, Method] = {
    "getMe": get_me,
    "deleteWebhook": delete_webhook,
    "setWebhook": set_webhook,
    "getWebhookInfo": get_webhook_info,
    "getUpdates": get_updates,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
    "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getMyCommands": get_my_commands,
    "getChatMember": get_chat_member,
    "close": true,
    "logOut": true,
}
_BY_LOWER = {name.lower(): name for name in METHODS}


def _fault_answer(fault: Fault) -> tuple[int, Any]:
    if fault.kind == "429":
        return 429, ApiError(
            429,
            f"Too Many Requests: retry after {fault.retry_after}",
            {"retry_after": fault.retry_after},
        ).body()
    if fault.kind == "502":
        return 502, BAD_GATEWAY_HTML
    return 403, ApiError(403, fault.description).body()


def dispatch(
    st: FakeState, token: str, name: str, raw: dict[str, Any], files: Files
) -> tuple[Call, str]:
    """Answer one Bot API request; returns the recorded call and the content type."""
    method = _BY_LOWER.get(name.lower())
    params: Params = dict(raw)
    status: int
    response: Any
    if method is None:
        status = 404
        response = ApiError(404, "Not Found: method not found").body()
        return st.record(name, params, files, status, response), "application/json"
    if st.token is not None and token != st.token:
        response = ApiError(401, "Unauthorized").body()
        return st.record(method, params, files, 401, response), "application/json"
    delay, failure = st.take_faults(method, raw.get("chat_id"))
    if delay is not None and not delay.after:
        time.sleep(delay.seconds)
    if failure is not None:
        status, response = _fault_answer(failure)
    else:
        try:
            params = normalize_params(raw)
            status, response = 200, {"ok": True, "result": METHODS[method](st, params, files)}
        except ApiError as err:
            status, response = err.status, err.body()
    if status != 200 and isinstance(params.get("chat_id"), int | str):
        try:
            chat = int(params["chat_id"])
        except ValueError:
            chat = None
        if chat is not None and chat in st.known_chats():
            detail = response["description"] if isinstance(response, dict) else "502 Bad Gateway"
            st._log_lines(chat, [f"bot ✗ {method}: {detail}"])
    if delay is not None and delay.after:
        time.sleep(delay.seconds)
    content_type = "application/json" if isinstance(response, dict) else "text/html"
    return st.record(method, params, files, status, response), content_type
