"""The secretariat's page: submission templates, uploads, review, apply, versions, roll back.

The page exists only when a passphrase is configured (see `config.secretariat_key`), and
shows nothing but the sign-in until the session has given it. Nothing is changed until a
person applies a reviewed change; every change is a new version.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import re
import time

import streamlit as st

from dashboard import config
from dashboard.dataset import diff as differ
from dashboard.dataset.store import Conflict, StoreError
from dashboard.dataset.store import configured as configured_store
from dashboard.dataset.template import build_template
from dashboard.dataset.updates import UploadError, prepare
from dashboard.i18n import LRI, PDI, isolate
from dashboard.metrics.overview import members
from dashboard.ui import components as ui
from dashboard.ui import shell, signin, style, uploads
from dashboard.ui.wording import megabytes, problem_text, refusal_text, warning_text

log = logging.getLogger(__name__)
SIGNED_IN = "_secretariat_signed_in"
PROPOSAL = "_secretariat_proposal"
DONE = "_secretariat_done"  # what was just applied or rolled back, said after the rerun
MAPPINGS = "_secretariat_label_mappings"  # label -> code, for the file being reviewed
MAX_LABELS = 40  # unmatched labels offered for mapping at once (the rest: in the download)
PREVIEW_ROWS = 500


def signed_in(loc) -> bool:
    t = loc.t
    if st.session_state.get(SIGNED_IN):
        uploads.allow(_session_id())  # again after a reconnect: the gate forgets closed sessions
        return True
    with st.form("sign_in"):
        given = st.text_input(t("secretariat.passphrase"), type="password")
        if st.form_submit_button(t("secretariat.sign_in")):
            keys = _guesser()
            wait = signin.LIMITER.wait(*keys)
            if wait > 0:
                st.error(loc.plural("secretariat.too_many", int(wait) + 1))
                return False
            expected = config.secretariat_key()
            if expected and hmac.compare_digest(given.encode(), expected.encode()):
                signin.LIMITER.succeeded(*keys)
                st.session_state[SIGNED_IN] = True
                st.rerun()
            signin.LIMITER.failed(*keys)
            time.sleep(1)  # slows down guessing
            st.error(t("secretariat.wrong_passphrase"))
    return False


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return run.session_id if run else "none"


def _guesser() -> tuple[str, str]:
    """Who is guessing: the visitor's address (nginx's, behind the deployment) and session."""
    where = signin.address(st.context.ip_address, st.context.headers)
    return f"address {where}", f"session {_session_id()}"


def done(message: str) -> None:
    """Say what changed, after running the page again: the sidebar's version, drawn before
    the change, then names the new one."""
    st.session_state[DONE] = message
    st.rerun()


def template_section(ctx, names):
    t, data = ctx.locale.t, ctx.dataset
    st.subheader(t("secretariat.template_heading"))
    st.caption(t("secretariat.template_caption"))
    forum = sorted(members(data.countries, "forum"), key=names.get)
    others = sorted(
        set(data.countries.iso3[data.countries.entity == "country"]) - set(forum), key=names.get
    )
    c1, c2, c3 = st.columns([3, 1, 1])
    years = sorted(data.observations.year.unique())
    with c1:
        iso3 = st.selectbox(t("secretariat.country"), forum + others, format_func=names.get)
    with c2:
        first = st.selectbox(t("secretariat.from_year"), years, index=max(0, len(years) - 5))
    with c3:
        last = st.selectbox(t("secretariat.to_year"), years, index=len(years) - 1)
    first, last = sorted((first, last))
    st.download_button(
        t("secretariat.download_template"),
        # Made when asked for, not on every run of the page.
        lambda: build_template(data, iso3, int(first), int(last)),
        file_name=f"submission-{iso3}-{first}-{last}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_template",
        on_click="ignore",
    )


def upload_section(ctx, store):
    t, loc = ctx.locale.t, ctx.locale
    st.subheader(t("secretariat.upload_heading"))
    limit = config.upload_limit_bytes()
    st.caption(t("secretariat.upload_caption", limit=megabytes(loc, limit)))
    style.uploader(loc, megabytes(loc, limit))  # its own words hidden: the true limit, ours
    upload = st.file_uploader(
        t("secretariat.upload"),
        type=["xlsx", "csv", "zip"],
        key="upload",
        # Streamlit counts MiB: the least whole number of them that holds the limit, so a file
        # over it is stopped in the browser, and one just over is refused here in our words.
        max_upload_size=math.ceil(limit / 2**20),
    )
    if upload is None:
        st.session_state.pop(PROPOSAL, None)
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    base = store.current()
    try:
        current = store.read(base.id)
    except StoreError as exc:  # the current version is broken: only a rollback can help
        st.error(t("secretariat.base_broken", reason=ui.md(exc.text(loc))))
        return
    mappings = st.session_state.setdefault(MAPPINGS, {}).setdefault(digest, {})
    wanted = (digest, base.id, tuple(sorted(mappings.items())))
    held = st.session_state.get(PROPOSAL)
    if not held or held[0] != wanted:
        try:
            with st.spinner(t("secretariat.checking")):
                proposal = prepare(
                    upload.name,
                    data,
                    current,
                    base.id,
                    config.reference_path(),
                    limit,
                    aliases=mappings,
                )
        except UploadError as exc:
            st.error(t("secretariat.upload_refused", reason=ui.md(refusal_text(loc, exc))))
            return
        except Exception:  # a file broken in a way no check foresaw: say so, log the rest
            log.exception("preparing %s failed", upload.name)
            st.error(t("secretariat.upload_refused", reason=t("secretariat.unexpected")))
            return
        held = (wanted, proposal)
        st.session_state[PROPOSAL] = held
    if held[1].kind == "unodc" and held[1].ok:
        map_labels(ctx, held[1], mappings)
    review(ctx, store, held[1], upload.name)


def map_labels(ctx, proposal, mappings: dict) -> None:
    """A UNODC release's labels nothing matched, with their rows and victims: the data manager
    maps any of them to a country or region and checks the release again. A label left
    unmapped stays out of the flows (never guessed)."""
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    if not proposal.unmatched and not proposal.aliases:
        return
    st.markdown(f"**{t('secretariat.labels_heading')}**")
    if proposal.aliases:
        names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
        st.caption(
            t(
                "secretariat.labels_mapped",
                labels=ui.md(
                    t("flows.list_sep").join(
                        f"{label} → {names.get(code, code)}"
                        for label, code in sorted(proposal.aliases.items())
                    )
                ),
            )
        )
    if not proposal.unmatched:
        return
    st.warning(loc.plural("secretariat.labels_unmatched", len(proposal.unmatched)))
    ui.table(
        [t("secretariat.col_label"), t("secretariat.col_rows"), t("secretariat.col_victims")],
        [
            (label, loc.number(rows), loc.number(low) if low == high else loc.range(low, high))
            for label, rows, low, high in proposal.unmatched
        ],
        numeric=(1, 2),
    )
    countries = data.countries
    name = dict(zip(countries.iso3, countries[f"name_{loc.lang}"], strict=True))
    codes = ["", *sorted(countries.iso3, key=lambda c: name[c])]
    with st.form("map_labels"):
        st.caption(t("secretariat.labels_caption"))
        chosen = {}
        for k, (label, *_) in enumerate(proposal.unmatched[:MAX_LABELS]):
            chosen[label] = st.selectbox(
                t("secretariat.map_label", label=ui.md(label)),
                codes,
                format_func=lambda c: name.get(c, "") if c else t("secretariat.leave_out"),
                key=f"map_label_{k}",
            )
        if st.form_submit_button(t("secretariat.check_again")):
            mappings.update({label: code for label, code in chosen.items() if code})
            st.rerun()


def change_counts(ctx, changes) -> None:
    """How many rows or cells each table gains, changes and loses."""
    t, loc = ctx.locale.t, ctx.locale
    ui.table(
        [t("secretariat.col_table"), t("secretariat.col_change"), t("secretariat.col_count")],
        [
            (t(f"secretariat.table_{table}"), t(f"secretariat.change_{change}"), loc.number(n))
            for table, change, n in differ.counts(changes)
        ],
        numeric=(2,),
    )


def review(ctx, store, proposal, name):
    t, loc = ctx.locale.t, ctx.locale
    st.markdown(
        t(
            "secretariat.proposal",
            kind=t(f"secretariat.kind_{proposal.kind}"),
            version=loc.number(proposal.base),
        )
    )
    if not proposal.ok:
        st.error(loc.plural("secretariat.errors", proposal.report.error_count))
        ui.table(
            [
                t("secretariat.col_where"),
                t("secretariat.col_row"),
                t("secretariat.col_column"),
                t("secretariat.col_value"),
                t("secretariat.col_problem"),
            ],
            [
                (
                    p.where,
                    loc.digits_of(str(p.row or "")),
                    p.column or "",
                    p.value or "",
                    problem_text(loc, p.message),
                )
                for p in proposal.report.errors[:200]
            ],
        )
        return
    if proposal.empty:
        st.info(t("secretariat.no_change"))
        return
    change_counts(ctx, proposal.changes)
    shown = proposal.changes.head(PREVIEW_ROWS)
    if len(proposal.changes) > PREVIEW_ROWS:
        st.caption(loc.plural("secretariat.preview_cut", PREVIEW_ROWS))
    ui.data_table(loc, shown, "changes")
    ui.download_csv(
        t("secretariat.download_changes"), proposal.changes, "changes.csv", "changes_csv"
    )
    accepted = True
    if proposal.warnings:
        st.warning(loc.plural("secretariat.warnings", len(proposal.warnings)))
        ui.table(
            [t("secretariat.col_warning")],
            [(warning_text(ctx.locale, ctx.dataset, w),) for w in proposal.warnings],
        )
        accepted = st.checkbox(t("secretariat.accept_warnings"), key="accept_warnings")
    with st.form("apply"):
        who = st.text_input(t("secretariat.who"), max_chars=80)
        why = st.text_input(t("secretariat.why"), max_chars=300)
        if st.form_submit_button(t("secretariat.apply"), type="primary"):
            if not accepted:
                st.error(t("secretariat.accept_first"))
            elif not who.strip() or not why.strip():
                st.error(t("secretariat.who_why_needed"))
            else:
                try:
                    version = store.write_if_current(
                        proposal.base,
                        proposal.tables,
                        proposal.manifest,
                        by=who.strip(),
                        source=name,
                        comment=why.strip(),
                    )
                except Conflict as exc:
                    st.error(t("secretariat.conflict", reason=ui.md(exc.text(loc))))
                    return
                st.session_state.pop(PROPOSAL, None)
                done(t("secretariat.applied", version=loc.number(version.id)))


ROLLED_BACK_FROM = re.compile(r"version (\d+)")  # how a rollback records where it came from


def version_source(version, loc) -> str:
    """Where a version came from, as the versions table says it: the bundled dataset's folder,
    the version a rollback brought back (in the reader's words), or the uploaded file's name,
    each path or file name kept left to right in Arabic."""
    if version.kind == "bundled":
        return isolate("data/")
    back = ROLLED_BACK_FROM.fullmatch(version.source or "")
    if version.kind == "rollback" and back:
        return loc.t("secretariat.from_version", version=loc.number(int(back.group(1))))
    return isolate(version.source or "")


def versions_section(ctx, store):
    t, loc = ctx.locale.t, ctx.locale
    st.subheader(t("secretariat.versions_heading"))
    versions = store.versions()
    current = store.current().id
    ui.table(
        [
            t("secretariat.col_version"),
            t("secretariat.col_when"),
            t("secretariat.col_by"),
            t("secretariat.col_kind"),
            t("secretariat.col_from"),
            t("secretariat.col_comment"),
        ],
        [
            (
                loc.number(v.id) + (" ✓ " + t("secretariat.current") if v.id == current else ""),
                # a date, a time and "UTC" read left to right as one, in Arabic too
                LRI + loc.digits_of(v.created.replace("T", " ").replace("Z", " UTC")) + PDI,
                "" if v.kind == "bundled" else v.by,
                t(f"secretariat.kind_{v.kind}"),
                version_source(v, ctx.locale),
                "" if v.kind == "bundled" else v.comment,
            )
            for v in reversed(versions)
        ],
    )
    ids = [v.id for v in versions]
    c1, c2 = st.columns(2)
    with c1:
        a = st.selectbox(t("secretariat.diff_from"), ids, index=max(0, len(ids) - 2), key="diff_a")
    with c2:
        b = st.selectbox(t("secretariat.diff_to"), ids, index=len(ids) - 1, key="diff_b")
    if a != b:
        try:
            changes = store.diff(a, b)
        except StoreError as exc:  # one of the two does not load
            st.warning(t("secretariat.version_unreadable", reason=ui.md(exc.text(loc))))
        else:
            change_counts(ctx, changes)
            ui.download_csv(
                t("secretariat.download_changes"), changes, f"changes-{a}-{b}.csv", "diff_csv"
            )
    st.markdown(f"**{t('secretariat.rollback_heading')}**")
    if len(ids) < 2:
        st.caption(t("secretariat.nothing_to_roll_back"))
        return
    with st.form("rollback"):
        target = st.selectbox(t("secretariat.rollback_to"), [i for i in ids if i != current])
        who = st.text_input(t("secretariat.who"), max_chars=80, key="rollback_who")
        why = st.text_input(t("secretariat.why"), max_chars=300, key="rollback_why")
        if st.form_submit_button(t("secretariat.rollback")):
            if target is None or not who.strip() or not why.strip():
                st.error(t("secretariat.who_why_needed"))
            else:
                try:
                    old = store.read(target)
                    version = store.write_if_current(
                        current,
                        old.tables,
                        old.manifest,
                        by=who.strip(),
                        source=f"version {target}",
                        comment=why.strip(),
                        kind="rollback",
                    )
                except (Conflict, StoreError) as exc:
                    st.error(t("secretariat.conflict", reason=ui.md(exc.text(loc))))
                else:
                    done(
                        t(
                            "secretariat.rolled_back",
                            version=loc.number(version.id),
                            target=loc.number(target),
                        )
                    )


ctx = shell.context()
with shell.guard(ctx) as ready:
    if ready:
        t = ctx.locale.t
        st.title(t("secretariat.title"))
        if DONE in st.session_state:
            st.success(st.session_state.pop(DONE))
        if not config.secretariat_key():
            st.info(t("secretariat.read_only"))
        elif signed_in(ctx.locale):
            names = dict(
                zip(
                    ctx.dataset.countries.iso3,
                    ctx.dataset.countries[f"name_{ctx.locale.lang}"],
                    strict=True,
                )
            )
            store = configured_store()
            try:
                store.ensure()
            except StoreError as exc:
                st.error(t("secretariat.store_error", reason=ui.md(exc.text(ctx.locale))))
            else:
                template_section(ctx, names)
                upload_section(ctx, store)
                versions_section(ctx, store)
