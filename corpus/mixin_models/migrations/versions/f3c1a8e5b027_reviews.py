"""reviews

Revision ID: f3c1a8e5b027
Revises: 8e41c07d3b95
Create Date: 2025-04-11 09:12:03.118204

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "f3c1a8e5b027"
down_revision: Union[str, Sequence[str], None] = "8e41c07d3b95"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("shelf_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("written", sa.Date(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_lowest_to_highest"),
        sa.ForeignKeyConstraint(["shelf_id"], ["shelfs.id"]),
        sa.PrimaryKeyConstraint("id"),
        comment="what readers say",
    )
    op.create_index("ix_reviews_written", "reviews", ["written"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reviews_written", table_name="reviews")
    op.drop_table("reviews")
