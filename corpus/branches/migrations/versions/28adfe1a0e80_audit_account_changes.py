"""audit account changes

Revision ID: 28adfe1a0e80
Revises: c3207a978944
Create Date: 2024-02-20 16:31:58.004417

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '28adfe1a0e80'
down_revision: Union[str, Sequence[str], None] = 'c3207a978944'
branch_labels: Union[str, Sequence[str], None] = None
# audit.log_change() comes from the audit branch
depends_on: Union[str, Sequence[str], None] = 'audit'


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        "CREATE TRIGGER accounts_audit "
        "AFTER INSERT OR UPDATE OR DELETE ON accounts "
        "FOR EACH ROW EXECUTE FUNCTION audit.log_change()"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP TRIGGER accounts_audit ON accounts")
