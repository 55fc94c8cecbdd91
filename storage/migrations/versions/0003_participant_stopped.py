"""participants.stopped_at: /stop pauses messages from the bot, /start resumes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not Alembic's batch mode: on SQLite batch mode copies the table and
# drops the old one, and with foreign keys on that drop would cascade to contacts and keys.


def upgrade() -> None:
    op.add_column("participants", sa.Column("stopped_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("participants", "stopped_at")
