"""long final names

Revision ID: f07c3e9a1b54
Revises: d94a6b2c7e18
Create Date: 2025-06-15 08:05:30.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "f07c3e9a1b54"
down_revision: Union[str, Sequence[str], None] = "d94a6b2c7e18"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Names autogenerate wrote from a naming convention, over 63 bytes: SQLAlchemy shortens a
    # final name (`op.f`) when it renders the DDL, as it does a convention's.
    op.create_table(
        "transfer_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["transfer_revision_id"],
            ["transfer_revisions.id"],
            name=op.f("fk_transfer_revisions_transfer_revision_id_transfer_revisions_id"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_revisions")),
    )
    op.create_index(
        op.f("ix_transfer_revisions_transfer_revision_id_and_a_long_explanation"),
        "transfer_revisions",
        ["transfer_revision_id"],
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_transfer_revisions_transfer_revision_id_transfer_revisions_id"),
        "transfer_revisions",
        type_="foreignkey",
    )
    op.drop_index(
        op.f("ix_transfer_revisions_transfer_revision_id_and_a_long_explanation"),
        table_name="transfer_revisions",
    )
    op.drop_table("transfer_revisions")
