"""Alembic environment: always run from code with a live connection (see db.migrate)."""
from __future__ import annotations

from alembic import context

from db.base import Base
import db.models  # noqa: F401  (each import registers its tables on Base.metadata)
import db.security_models  # noqa: F401
import db.meeting_models  # noqa: F401
import db.sync_models  # noqa: F401

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("CouncilDesk migrations run through db.migrate with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
