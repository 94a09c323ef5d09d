"""Accepted work survives a crash: each message to read is recorded before work starts (storage/jobs.py)
and closed once answered; at start-up the bot finishes what an earlier run left open.

A resumed message runs through the same handlers as a new one (the stored update is replayed), but
reuses its "Reading…" messages (edited, not sent again) and skips links already answered, so only
the one message in flight at the crash may arrive twice. A job that was interrupted MAX_RUNS times
is answered with a sentence instead of being run again. /forget deletes a chat's open rows, which is
how work in flight learns that its chat was forgotten (`dropped`).
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import uuid
from dataclasses import dataclass

from telegram import Message, ReplyParameters, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes

from storage.jobs import JobRow, JobStore

from ..limits.limiter import Callback
from ..outgoing import is_not_modified
from ..services import Services, app_services, services
from .storage_trouble import attempt

log = logging.getLogger(__name__)

RUN_KEY = "jobs_run_id"
MAX_RUNS = 3  # runs that started a job and died; the next one answers instead of trying again
GAVE_UP = "Sorry, I was interrupted {runs} times while reading this, so I stopped. Please send it again."
DROPPED = "Not saved: this chat's history was deleted with /forget while I was reading this."

_current: contextvars.ContextVar[Job | None] = contextvars.ContextVar("newsbrief_job", default=None)


@dataclass
class Job:
    row: JobRow | None  # None when the database could not record it (the work goes on regardless)
    svc: Services


def register(app: Application) -> None:
    """Give this run an id and queue the start-up job that finishes interrupted work."""
    app.bot_data[RUN_KEY] = uuid.uuid4().hex
    assert app.job_queue is not None  # scheduler.install checked it
    app.job_queue.run_once(
        _finish_interrupted, when=0, name="jobs:startup", job_kwargs={"misfire_grace_time": None}
    )


def durable(callback: Callback) -> Callback:
    """Record the message's work before it starts; close the record once answered (or failed with an
    error the user was told about). A crash leaves it open for the next run."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            await callback(update, context)
            return
        svc = services(context)
        jobs = JobStore(svc.store.db)
        run_id = context.bot_data.get(RUN_KEY, "")
        row, failed = attempt(
            svc.store.db.conn,
            "record accepted work",
            lambda: jobs.accept(
                message.chat_id, message.message_id, update.to_json(), run_id=run_id, now=svc.clock()
            ),
        )
        if row is None and failed is None:
            log.info(
                "message %s in chat %s: answered already or in progress", message.message_id, message.chat_id
            )
            return
        token = _current.set(Job(row, svc))
        try:
            await callback(update, context)
        except Exception:
            _close(svc, row)  # the error handler answers it
            raise
        else:
            _close(svc, row)
        finally:
            _current.reset(token)

    return wrapper


def _close(svc: Services, row: JobRow | None) -> None:
    if row is not None:
        attempt(
            svc.store.db.conn,
            "close answered work",
            lambda: JobStore(svc.store.db).close(row.id, now=svc.clock()),
        )


async def status_message(message: Message, text: str, key: str = "") -> Message:
    """The "Reading…" message for part `key` of the current work: an earlier run's, edited, or a new one."""
    job = _current.get()
    row = job.row if job else None
    earlier = earlier_status(message, key)
    if earlier is not None:
        try:
            await earlier.edit_text(text)
            return earlier
        except BadRequest as exc:
            if is_not_modified(exc):
                return earlier
            log.info("earlier status message %s unusable (%s); sending a new one", earlier.message_id, exc)
    status = await message.reply_text(text)
    if job is not None and row is not None:
        row.status_ids[key] = status.message_id
        _save(job)
    return status


def earlier_status(message: Message, key: str = "") -> Message | None:
    """The "Reading…" message an interrupted run sent for part `key`, to be edited into the answer."""
    job = _current.get()
    row = job.row if job else None
    if row is None or key not in row.status_ids:
        return None
    earlier = Message(row.status_ids[key], date=message.date, chat=message.chat)
    earlier.set_bot(message.get_bot())
    return earlier


def part_done(key: str) -> bool:
    job = _current.get()
    return bool(job and job.row and key in job.row.done_keys)


def mark_part_done(key: str) -> None:
    job = _current.get()
    if job is not None and job.row is not None:
        job.row.done_keys.add(key)
        _save(job)


def dropped() -> bool:
    """True when the chat was forgotten (/forget) since this work was accepted: record nothing."""
    job = _current.get()
    if job is None or job.row is None:
        return False
    row = job.row
    alive, failed = attempt(
        job.svc.store.db.conn, "check work", lambda: JobStore(job.svc.store.db).alive(row.id)
    )
    return failed is None and not alive


def _save(job: Job) -> None:
    row = job.row
    assert row is not None
    attempt(job.svc.store.db.conn, "record progress", lambda: JobStore(job.svc.store.db).save_progress(row))


# --- start-up --------------------------------------------------------------------------------------
async def _finish_interrupted(context: ContextTypes.DEFAULT_TYPE) -> None:
    app = context.application
    svc = app_services(app)
    jobs = JobStore(svc.store.db)
    open_rows, failed = attempt(
        svc.store.db.conn, "list interrupted work", lambda: jobs.interrupted(app.bot_data[RUN_KEY])
    )
    attempt(svc.store.db.conn, "prune answered work", lambda: jobs.prune(now=svc.clock()))
    if failed is not None or not open_rows:
        return
    log.info("finishing %d message(s) an earlier run was working on", len(open_rows))
    for row in open_rows:
        if row.attempts >= MAX_RUNS:
            await _give_up(app, svc, row)
            continue
        update = Update.de_json(json.loads(row.update_json), app.bot)
        await app.update_queue.put(update)


async def _give_up(app: Application, svc: Services, row: JobRow) -> None:
    text = GAVE_UP.format(runs=row.attempts)
    try:
        status_id = next(iter(row.status_ids.values()), None)
        if status_id is not None:
            await app.bot.edit_message_text(text, chat_id=row.chat_id, message_id=status_id)
        else:
            await app.bot.send_message(
                row.chat_id,
                text,
                reply_parameters=ReplyParameters(row.message_id, allow_sending_without_reply=True),
            )
    except TelegramError as exc:
        log.warning("could not tell chat %s about work given up: %s", row.chat_id, exc)
    log.error(
        "message %s in chat %s given up after %d interrupted runs", row.message_id, row.chat_id, row.attempts
    )
    attempt(
        svc.store.db.conn,
        "close given-up work",
        lambda: JobStore(svc.store.db).close(row.id, now=svc.clock()),
    )
