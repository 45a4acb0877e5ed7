"""movement kind

Revision ID: b6d3e0a9c271
Revises: f41c9b2d7e05
Create Date: 2025-06-12 08:21:54.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b6d3e0a9c271"
down_revision: Union[str, Sequence[str], None] = "f41c9b2d7e05"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # `op.add_column` does not create an enum type: the type's implementation for the
    # connection's dialect is created first.
    bind = op.get_bind()
    kind = sa.Enum("in", "out", name="movement_kind")
    impl = kind.dialect_impl(bind.dialect)
    impl.create(bind, checkfirst=True)
    op.add_column("movements", sa.Column("kind", kind, server_default="in"))


def downgrade() -> None:
    op.drop_column("movements", "kind")
    sa.Enum(name="movement_kind").drop(op.get_bind())
