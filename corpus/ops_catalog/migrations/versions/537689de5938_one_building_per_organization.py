"""one building per organization: drop rooms.building

Revision ID: 537689de5938
Revises: 1c0f10ebdbac
Create Date: 2024-03-19 08:47:02.664190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "537689de5938"
down_revision: Union[str, Sequence[str], None] = "1c0f10ebdbac"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # PostgreSQL drops ix_rooms_building and the three-column unique
    # constraint rooms_org_id_building_name_key together with the column
    op.drop_column(table_name="rooms", column_name="building")
    op.create_unique_constraint("uq_rooms_org_name", "rooms", ["org_id", "name"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("uq_rooms_org_name", "rooms", type_="unique")
    op.add_column(
        "rooms",
        sa.Column("building", sa.String(40), nullable=False, server_default="main"),
    )
    op.alter_column("rooms", "building", server_default=None)
    op.create_index("ix_rooms_building", "rooms", ["building"])
    op.create_unique_constraint(None, "rooms", ["org_id", "building", "name"])
