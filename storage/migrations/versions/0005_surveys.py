"""surveys: definitions' lifecycle, invitations, responses and answers; one audit entry
after each (a unique index, not a constraint: SQLite would copy the table and lose the
append-only triggers)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_states",
        sa.Column("survey_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_survey_states")),
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.String(length=40), nullable=False),
        sa.Column("survey_version", sa.String(length=48), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("in_progress_key", sa.String(length=64), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("join_source", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_responses_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("in_progress_key", name=op.f("uq_responses_in_progress_key")),
    )
    op.create_index(op.f("ix_responses_participant_id"), "responses", ["participant_id"])
    op.create_index(op.f("ix_responses_survey_id"), "responses", ["survey_id"])

    op.create_table(
        "survey_invitations",
        sa.Column("survey_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_survey_invitations_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "participant_id", name=op.f("pk_survey_invitations")),
    )
    op.create_table(
        "answers",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "question", name=op.f("pk_answers")),
    )
    op.create_index(
        "ix_audit_log_previous_hash", "audit_log", ["previous_hash"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_audit_log_previous_hash", table_name="audit_log")
    op.drop_table("answers")
    op.drop_table("survey_invitations")
    op.drop_index(op.f("ix_responses_survey_id"), table_name="responses")
    op.drop_index(op.f("ix_responses_participant_id"), table_name="responses")

    op.drop_table("responses")
    op.drop_table("survey_states")
