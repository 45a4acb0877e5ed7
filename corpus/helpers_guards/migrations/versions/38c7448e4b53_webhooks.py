"""webhooks

Revision ID: 38c7448e4b53
Revises: ae1155d2bc75
Create Date: 2025-02-03 09:27:44.305118

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from migrations.utils import timestamps

# revision identifiers, used by Alembic.
revision: str = "38c7448e4b53"
down_revision: Union[str, Sequence[str], None] = "ae1155d2bc75"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    # Early installations created webhooks by hand; create it only where it
    # is missing (everywhere this history is replayed from scratch).
    if not inspector.has_table("webhooks"):
        op.create_table(
            "webhooks",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("url", sa.Text, nullable=False),
            sa.Column("secret", sa.String(64), nullable=False),
            sa.Column("event_types", sa.ARRAY(sa.String(50)), nullable=False, server_default="{}"),
            sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
            *timestamps(),
        )


def downgrade() -> None:
    """Downgrade schema."""
    if sa.inspect(op.get_bind()).has_table("webhooks"):
        op.drop_table("webhooks")
