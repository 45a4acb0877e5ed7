"""channel templates and subscribers

Revision ID: 655bca6cfba4
Revises:
Create Date: 2025-01-13 10:05:27.114930

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from migrations.utils import timestamps

# revision identifiers, used by Alembic.
revision: str = "655bca6cfba4"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# one template table per channel: email_templates, sms_templates, push_templates
CHANNELS = ("email", "sms", "push")
TEMPLATE_TABLE = "{}_templates"


def _template_columns(channel):
    columns = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("body", sa.Text, nullable=False),
    ]
    if channel == "email":
        columns.append(sa.Column("subject", sa.String(200), nullable=False))
    return columns + timestamps()


def upgrade() -> None:
    """Upgrade schema."""
    for channel in CHANNELS:
        op.create_table(TEMPLATE_TABLE.format(channel), *_template_columns(channel))

    op.create_table(
        "subscribers",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("email", sa.String(255), unique=True),
        sa.Column("phone", sa.String(32)),
        *timestamps(),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("subscribers")
    for channel in reversed(CHANNELS):
        op.drop_table(TEMPLATE_TABLE.format(channel))
