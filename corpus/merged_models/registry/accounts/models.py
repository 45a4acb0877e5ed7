"""Accounts: imported by the first revision (for its constants), never by env.py."""
import sqlalchemy as sa
from sqlalchemy.orm import declared_attr

from registry.core import Base

NAME_LENGTH = 60


class Account(Base):
    __tablename__ = "accounts"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(NAME_LENGTH), nullable=False)
    region = sa.Column(sa.String(8), nullable=False)
    nickname = sa.Column(sa.String(30))

    # A column made by a function of the class itself (SQLAlchemy calls it with the class).
    @declared_attr
    def invited_by_id(cls):
        return sa.Column(sa.Integer, sa.ForeignKey("accounts.id"), nullable=True)


# Names are unique whatever their case: an index over an expression, made beside the class.
_ix_accounts_lower_name = sa.Index(
    "ix_accounts_lower_name", sa.func.lower(Account.__table__.c.name), unique=True
)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("account_id", "role"),)

    id = sa.Column(sa.Integer, primary_key=True)
    account_id = sa.Column(sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True)
    role = sa.Column(sa.String(20), nullable=False)

# A column added to the mapped class after its definition: declarative puts it in the table.
setattr(Membership, "note", sa.Column(sa.Text, nullable=True))
