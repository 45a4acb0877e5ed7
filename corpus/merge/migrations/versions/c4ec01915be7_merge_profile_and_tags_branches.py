"""merge profile and tags branches

Revision ID: c4ec01915be7
Revises: 9a10705864ad, 289441f5b0e5
Create Date: 2022-10-12 09:02:17.385146

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c4ec01915be7'
down_revision: Union[str, Sequence[str], None] = ('9a10705864ad', '289441f5b0e5')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
