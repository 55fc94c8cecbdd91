"""explainers: what each participant read and rated; "one a week" opt-in

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (see 0003): no table copy, so no cascade on SQLite.
    op.add_column(
        "participants",
        sa.Column("drip_opt_in", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.add_column("participants", sa.Column("last_drip_at", sa.DateTime(timezone=True)))
    op.create_table(
        "explainer_reads",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("explainer_id", sa.String(length=40), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_explainer_reads_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "explainer_id", name=op.f("pk_explainer_reads")
        ),
    )


def downgrade() -> None:
    op.drop_table("explainer_reads")
    op.drop_column("participants", "last_drip_at")
    op.drop_column("participants", "drip_opt_in")
