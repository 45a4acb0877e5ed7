"""postings

Revision ID: 3b8e1f6c2a94
Revises: 785f5f516d60
Create Date: 2026-12-06 17:20:00.000000

"""
import enum
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from ledger.types import CodeType, IntEnumType


# revision identifiers, used by Alembic.
revision: str = '3b8e1f6c2a94'
down_revision: Union[str, Sequence[str], None] = '785f5f516d60'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class _PostingState(enum.IntEnum):
    draft = 1
    posted = 2
    void = 3


def upgrade() -> None:
    # The ledger's own types in the operation: Alembic builds a Table of these columns, so
    # IntEnumType's listener and CodeType's `_set_table` add their CHECKs to it, as
    # create_all() does (`state_allowed`, `currency_known`).
    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', IntEnumType(_PostingState, exclude_values={_PostingState.void}), nullable=False),
    sa.Column('currency', CodeType(['EUR', 'USD']), nullable=False),
    sa.PrimaryKeyConstraint('id', name='POSTINGS_PK')
    )


def downgrade() -> None:
    op.drop_table('postings')
