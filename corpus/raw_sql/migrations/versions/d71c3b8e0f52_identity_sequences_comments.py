"""identity, sequences and comments

Revision ID: d71c3b8e0f52
Revises: b5a90e6f4c21
Create Date: 2024-10-01 14:22:10.093117

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "d71c3b8e0f52"
down_revision: Union[str, Sequence[str], None] = "b5a90e6f4c21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # SERIAL to identity, the usual way: the new identity sequence takes the old name.
    op.execute("ALTER TABLE members ALTER COLUMN id DROP DEFAULT")
    op.execute("DROP SEQUENCE members_id_seq")
    op.execute(
        "ALTER TABLE members ALTER COLUMN id "
        "ADD GENERATED ALWAYS AS IDENTITY (START WITH 100)"
    )
    op.execute("COMMENT ON COLUMN members.email IS 'Login and contact address'")
    op.alter_column("members", "status", comment="Lifecycle state")
    op.execute("COMMENT ON TABLE members IS NULL")
    op.execute("CREATE SEQUENCE archive.event_batches AS integer")
    op.execute(
        "ALTER TABLE archive.events "
        "ADD COLUMN batch integer NOT NULL DEFAULT nextval('archive.event_batches')"
    )
    op.execute("ALTER SEQUENCE archive.event_batches OWNED BY archive.events.batch")
    op.add_column("loans", sa.Column("renewals", sa.SmallInteger, nullable=True))
    op.execute(
        "ALTER TABLE loans ALTER COLUMN renewals SET DEFAULT 0, "
        "ALTER COLUMN renewals SET NOT NULL, "
        "ADD CONSTRAINT loans_renewals_check CHECK (renewals >= 0 AND renewals <= 3)"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("loans", "renewals")
    # Dropping the column drops the sequence it owns.
    op.execute("ALTER TABLE archive.events DROP COLUMN batch")
    op.execute("DROP SEQUENCE IF EXISTS archive.event_batches")
    op.execute("COMMENT ON TABLE members IS 'People who can borrow books'")
    op.alter_column("members", "status", comment=None)
    op.execute("COMMENT ON COLUMN members.email IS NULL")
    op.execute("ALTER TABLE members ALTER COLUMN id DROP IDENTITY")
    op.execute("CREATE SEQUENCE members_id_seq AS integer OWNED BY members.id")
    op.execute("ALTER TABLE members ALTER COLUMN id SET DEFAULT nextval('members_id_seq')")
