"""access log keyed with HMAC: a secret inside the file, MACed checkpoints (switch, purges)

Existing entries keep their plain SHA-256 seals (a legal record is not rewritten); the
"keyed" checkpoint records the switch point: the id and seal of the last of them, MACed,
so the old part cannot be recomputed without breaking the link into the keyed part. An
earlier purge's anchor (setting ``access_log_anchor``) becomes a MACed purge checkpoint.

Revision ID: 0005_keyed_log
Revises: 0004
Create Date: 2026-11-25
"""
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0005_keyed_log'
down_revision = '0004'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
_ENTRY = sa.table(
    "access_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("account", sa.String),
    sa.column("machine", sa.String), sa.column("action", sa.String), sa.column("target_table", sa.String),
    sa.column("target_id", sa.String), sa.column("details", sa.Text), sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String))


# A frozen copy of app.security.chain's formulas as of this revision: a migration must do
# the same thing whatever the application code becomes later.
def _canonical(content: dict) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _checkpoint_mac(secret: bytes, kind: str, entry_id: int, entry_hash: str, at: str) -> str:
    content = {"kind": kind, "entry_id": entry_id, "entry_hash": entry_hash, "at": at}
    return hmac.new(secret, b"checkpoint\n" + _canonical(content), hashlib.sha256).hexdigest()


def upgrade() -> None:
    op.create_table('access_log_checkpoint',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.String(length=25), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_checkpoint'))
    )
    op.create_table('access_log_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retention_run_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_key'))
    )

    conn = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    at = now.isoformat(timespec="seconds")
    secret = secrets.token_bytes(32)
    conn.execute(sa.text("INSERT INTO access_log_key (id, secret, created_at) VALUES (1, :s, :c)"),
                 {"s": secret, "c": now})
    points = sa.table("access_log_checkpoint", sa.column("kind"), sa.column("entry_id"), sa.column("entry_hash"),
                      sa.column("at"), sa.column("mac"))

    def add_point(kind: str, entry_id: int, entry_hash: str) -> None:
        conn.execute(points.insert().values(kind=kind, entry_id=entry_id, entry_hash=entry_hash, at=at,
                                            mac=_checkpoint_mac(secret, kind, entry_id, entry_hash, at)))

    first, last = conn.execute(sa.text("SELECT MIN(id), MAX(id) FROM access_log")).one()
    anchor = conn.execute(sa.text("SELECT value FROM setting WHERE key = 'access_log_anchor'")).scalar()
    start = GENESIS
    if anchor:
        # Entries up to the first kept one were purged by the SHA-256 era's retention.
        start = anchor
        add_point("purge", (first - 1) if first is not None else 0, anchor)
        conn.execute(sa.text("DELETE FROM setting WHERE key = 'access_log_anchor'"))
    head = start
    if last is not None:
        head = conn.execute(sa.text("SELECT entry_hash FROM access_log WHERE id = :id"), {"id": last}).scalar()
    add_point("keyed", last or 0, head)


def downgrade() -> None:
    # Revision 0004 knows only plain SHA-256 seals: the keyed part is sealed again that way
    # (what 0004 itself would have written), so the older program's check still passes.
    conn = op.get_bind()
    switch = conn.execute(sa.text("SELECT entry_id, entry_hash FROM access_log_checkpoint "
                                  "WHERE kind = 'keyed'")).first()
    purge = conn.execute(sa.text("SELECT entry_id, entry_hash FROM access_log_checkpoint WHERE kind = 'purge' "
                                 "ORDER BY entry_id DESC LIMIT 1")).first()
    if switch is not None:
        prev = None
        rows = conn.execute(sa.select(_ENTRY).where(_ENTRY.c.id > switch[0]).order_by(_ENTRY.c.id)).all()
        for row in rows:
            if prev is None:
                prev = row.prev_hash  # the seal of the last legacy entry (or the purge anchor)
            content = {"at": row.at.isoformat(timespec="seconds"), "account": row.account, "machine": row.machine,
                       "action": row.action, "target_table": row.target_table, "target_id": row.target_id,
                       "details": row.details}
            seal = hashlib.sha256(prev.encode("ascii") + b"\n" + _canonical(content)).hexdigest()
            conn.execute(_ENTRY.update().where(_ENTRY.c.id == row.id).values(prev_hash=prev, entry_hash=seal))
            prev = seal
    if purge is not None:
        conn.execute(sa.text("DELETE FROM setting WHERE key = 'access_log_anchor'"))
        conn.execute(sa.text("INSERT INTO setting (key, value) VALUES ('access_log_anchor', :v)"), {"v": purge[1]})
    op.drop_table('access_log_key')
    op.drop_table('access_log_checkpoint')
