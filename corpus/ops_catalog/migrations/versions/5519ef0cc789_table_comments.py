"""describe tables for the data catalogue

Revision ID: 5519ef0cc789
Revises: 6c2f00b3466c
Create Date: 2024-06-03 09:18:50.556748

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5519ef0cc789"
down_revision: Union[str, Sequence[str], None] = "6c2f00b3466c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table_comment("rooms", "Bookable spaces; id is the facilities room number")
    op.create_table_comment(
        table_name="organizations",
        comment="Tenants of the coworking service",
        existing_comment="Customers of the coworking service",
    )
    # the catalogue documents activity_log elsewhere
    op.drop_table_comment("activity_log", existing_comment="Append-only audit trail")


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table_comment("activity_log", "Append-only audit trail")
    op.create_table_comment(
        "organizations",
        "Customers of the coworking service",
        existing_comment="Tenants of the coworking service",
    )
    op.drop_table_comment(
        "rooms", existing_comment="Bookable spaces; id is the facilities room number"
    )
