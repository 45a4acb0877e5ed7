"""Accounts: imported by the first revision (for its constants), never by env.py."""
import sqlalchemy as sa

from registry.core import Base

NAME_LENGTH = 60


class Account(Base):
    __tablename__ = "accounts"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(NAME_LENGTH), nullable=False)
    region = sa.Column(sa.String(8), nullable=False)
    nickname = sa.Column(sa.String(30))


class Membership(Base):
    __tablename__ = "memberships"

    id = sa.Column(sa.Integer, primary_key=True)
    account_id = sa.Column(sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True)
    role = sa.Column(sa.String(20), nullable=False)
