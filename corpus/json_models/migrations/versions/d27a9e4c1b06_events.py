"""events

Revision ID: d27a9e4c1b06
Revises:
Create Date: 2025-08-14 11:02:37.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from store.models import is_uuid_text

# revision identifiers, used by Alembic.
revision: str = "d27a9e4c1b06"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    payload = sa.column("payload", postgresql.JSONB())
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        sa.Column("attributes", postgresql.JSONB(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum("web", "mobile", "email", native_enum=False, name="channel"),
            nullable=False,
        ),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("labels", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "external_id",
            sa.String(),
            sa.Computed(payload["id"].as_string(), persisted=True),
            nullable=False,
        ),
        sa.Column(
            "is_retry",
            sa.Boolean(),
            sa.Computed(
                sa.func.coalesce(payload[["meta", "retry"]].as_boolean(), sa.false()),
                persisted=True,
            ),
            nullable=False,
        ),
        sa.CheckConstraint(is_uuid_text("external_id"), name="ck_events_external_id_uuid"),
        sa.CheckConstraint("channel <> 'email' OR signature IS NOT NULL", "ck_events_email_signed"),
    )
    user_id = payload[["user", "id"]].as_string()
    op.create_index(
        "ix_events_user_id",
        "events",
        [user_id],
        postgresql_where=user_id.isnot(None),
    )


def downgrade() -> None:
    op.drop_index("ix_events_user_id", table_name="events")
    op.drop_table("events")
