"""responses: one index on (survey_id, completed_at) instead of survey_id alone: exports,
reports and purges pick a survey's responses by the day they were finished

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_responses_survey_id_completed_at", "responses", ["survey_id", "completed_at"]
    )
    op.drop_index(op.f("ix_responses_survey_id"), table_name="responses")


def downgrade() -> None:
    op.create_index(op.f("ix_responses_survey_id"), "responses", ["survey_id"])
    op.drop_index("ix_responses_survey_id_completed_at", table_name="responses")
